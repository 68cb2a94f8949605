"""State truth on the compute: restart recovery and ``_sync_power_states``.

A compute of this module's own (``compute-recovery``, bigger than the
shared ones, with ``sync_power_state_interval = 1``) gets the servers: an
admin boots them onto it (``availability_zone = nova:compute-recovery``).
Each restart test holds work under way with a fake-driver delay, kills the
compute with SIGKILL, restarts it without the delay and checks that the
server ends where Nova's ``_init_instance`` puts it, with no task state.
The power-sync test edits the fake driver's guests file
(``$state_path/fake_driver/<host>.json``) as a guest that shuts itself down
(or is started behind Nova's back) would.

The time from each restart to the recovered state and to serving RPC is
recorded as a figure (printed at the end of the suite, not asserted).
"""

import json
import os
import time

import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures

pytestmark = cloud_mod.ONE_BACKEND

HOST = 'compute-recovery'
# Much bigger than compute1 and compute2 (forced boots only, anyway).
BIG = dict(vcpus=64, memory_mb=262144, local_gb=4000)
SYNC = {'DEFAULT': {'sync_power_state_interval': 1}}
SERVING = '%s on %s is serving topic' % (fixtures.COMPUTE, HOST)
# Long enough to kill the compute in the middle, never waited for.
HOLD = 60

RUNNING, SHUTDOWN = 1, 4


class RecoveryCompute:
    """The module's compute: start, kill -9, restart with other options."""

    def __init__(self, cloud):
        self.cloud = cloud
        self.dep = cloud.dep
        self.proc = None

    def _write_conf(self, **fake):
        self.dep.write_conf(HOST, HOST, fake=dict(BIG, **fake),
                            sections=SYNC)

    def start(self):
        self.proc = self.dep.launch(fixtures.COMPUTE, HOST,
                                    fake=BIG, sections=SYNC)
        self.wait_serving(0)
        fixtures.wait_for(
            lambda: HOST in {r['Host'] for r in self.dep.host_list()},
            '%s to report its node' % HOST,
            diagnostics=self.cloud.diagnostics)
        return self

    def wait_serving(self, offset):
        fixtures.wait_for(lambda: SERVING in self.proc.log_since(offset),
                          '%s to serve RPC' % HOST,
                          diagnostics=lambda: self.dep.diagnostics(
                              [self.proc]))

    def reconfigure(self, **fake):
        """SIGKILL, then start again with ``fake`` driver options (none:
        the defaults, no delays); return (restart time, log offset)."""
        self.proc.kill()
        self._write_conf(**fake)
        offset = self.proc.log_size()
        self.proc = self.dep.restart(self.proc)
        started = time.monotonic()
        self.wait_serving(offset)
        return started, offset

    def kill_and_restart(self):
        """SIGKILL mid-work, restart without delays; return (seconds to
        serving, restart time, log offset of the new process)."""
        started, offset = self.reconfigure()
        return time.monotonic() - started, started, offset

    def ensure_serving(self):
        if not self.proc.alive():
            self.reconfigure()

    def guests_file(self):
        return os.path.join(str(self.dep.workdir), 'fake_driver',
                            '%s.json' % HOST)

    def guests(self):
        try:
            with open(self.guests_file()) as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def set_guest(self, uuid, state):
        """Change a guest's power state behind the compute's back."""
        guests = self.guests()
        assert uuid in guests, (uuid, guests)
        guests[uuid] = state
        tmp = self.guests_file() + '.test'
        with open(tmp, 'w') as f:
            json.dump(guests, f)
        os.replace(tmp, self.guests_file())

    def stop(self):
        self.proc.kill()
        self.dep.manage('service', 'delete', HOST, fixtures.COMPUTE,
                        check=False)


@pytest.fixture(scope='module')
def recovery_compute(api_cloud):
    compute = RecoveryCompute(api_cloud)
    compute.start()
    yield compute
    # Its servers go first, while it still serves.
    compute.ensure_serving()
    api_cloud.delete_all()
    compute.stop()


@pytest.fixture
def compute(cloud, recovery_compute):
    """The module's compute, serving, with the options of a fresh start."""
    recovery_compute.ensure_serving()
    yield recovery_compute
    # The cloud fixture deletes the servers next: it must be serving.
    recovery_compute.ensure_serving()


# -- helpers ----------------------------------------------------------------------

def _boot(cloud, name):
    server = cloud.boot(cloud.admin, name=name,
                        availability_zone='nova:%s' % HOST)
    return server.id


def _show(cloud, server_id):
    resp = cloud.admin.compute.get('/servers/%s' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _wait(cloud, server_id, what, predicate, timeout=fixtures.DEADLINE):
    seen = {}

    def check():
        seen['server'] = _show(cloud, server_id)
        return predicate(seen['server']) and seen['server']
    return fixtures.wait_for(
        check, '%s: %s' % (server_id, what), timeout=timeout,
        diagnostics=lambda: 'last: %r\n%s' % (
            {k: v for k, v in (seen.get('server') or {}).items()
             if k.startswith('OS-EXT-STS') or k in ('status', 'fault')},
            cloud.diagnostics()))


def _task(server):
    return server['OS-EXT-STS:task_state']


def _settled(status):
    def predicate(server):
        return server['status'] == status and _task(server) is None
    return predicate


def _wait_task(cloud, server_id, task_state):
    return _wait(cloud, server_id, 'task_state %s' % task_state,
                 lambda s: _task(s) == task_state)


def _action_names(cloud, server_id):
    resp = cloud.admin.compute.get('/servers/%s/os-instance-actions'
                                   % server_id)
    assert resp.status_code == 200, resp.text
    return [a['action'] for a in resp.json()['instanceActions']]


def _record(cloud, key, seconds):
    fixtures.record_figure(cloud.dep.backend, HOST, key, round(seconds, 2))


# -- restart recovery -------------------------------------------------------------

def test_killed_during_a_build_ends_in_error_with_a_fault(cloud, compute):
    compute.reconfigure(spawn_delay=HOLD)
    server_id = _boot(cloud, 'interrupted-build')
    _wait_task(cloud, server_id, 'spawning')
    serving_s, started, offset = compute.kill_and_restart()
    server = _wait(cloud, server_id, 'ERROR without a task',
                   _settled('ERROR'))
    _record(cloud, 'restart_to_serving_s', serving_s)
    _record(cloud, 'restart_to_build_error_s', time.monotonic() - started)
    assert server['OS-EXT-STS:vm_state'] == 'error'
    fault = server['fault']
    assert fault['code'] == 500, fault
    assert fault['message'] == (
        'Build of instance %s aborted: the compute service restarted while '
        'it was building' % server_id), fault
    # A member of the project sees the fault too (without the details).
    member = cloud.conn('member', 'admin', roles=['member'])
    body = member.compute.get('/servers/%s' % server_id).json()['server']
    assert body['status'] == 'ERROR'
    assert body['fault']['message'] == fault['message'], body['fault']
    assert 'details' not in body['fault'], body['fault']
    # It stays on its host with its claim, as in Nova, until deleted.
    assert server['OS-EXT-SRV-ATTR:host'] == HOST
    assert cloud.allocation_count(server_id) > 0
    log = compute.proc.log_since(offset)
    assert log.index('Recovered') < log.index(SERVING), log[-3000:]
    resp = cloud.admin.compute.delete('/servers/%s' % server_id)
    assert resp.status_code == 204, resp.text
    cloud.wait_gone(server_id)
    assert cloud.allocation_count(server_id) == 0


def test_killed_during_a_stop_and_a_reboot_finishes_both(cloud, compute):
    stopping = _boot(cloud, 'interrupted-stop')
    rebooting = _boot(cloud, 'interrupted-reboot')
    for server_id in (stopping, rebooting):
        cloud.wait_status(server_id, conn=cloud.admin)
    compute.reconfigure(action_delay=HOLD)
    cloud.admin.compute.stop_server(stopping)
    cloud.admin.compute.reboot_server(rebooting, 'SOFT')
    _wait(cloud, stopping, 'stopping', lambda s: _task(s) is not None)
    _wait(cloud, rebooting, 'rebooting', lambda s: _task(s) is not None)
    # Let the compute take both casts into its (delayed) driver calls.
    time.sleep(1)
    assert _task(_show(cloud, stopping)) == 'powering-off'
    assert _task(_show(cloud, rebooting)).startswith('reboot')
    serving_s, started, offset = compute.kill_and_restart()
    stopped = _wait(cloud, stopping, 'SHUTOFF without a task',
                    _settled('SHUTOFF'))
    rebooted = _wait(cloud, rebooting, 'ACTIVE without a task',
                     _settled('ACTIVE'))
    _record(cloud, 'restart_to_actions_finished_s',
            time.monotonic() - started)
    assert stopped['OS-EXT-STS:power_state'] == SHUTDOWN, stopped
    assert rebooted['OS-EXT-STS:power_state'] == RUNNING, rebooted
    assert compute.guests() == {stopping: SHUTDOWN, rebooting: RUNNING}
    assert 'retrying the stop' in compute.proc.log_since(offset)


def test_killed_during_a_delete_finishes_it(cloud, compute):
    # A delete that waits behind the build of the same server (its lock)
    # when the compute dies: the delete's cast is gone with the compute.
    compute.reconfigure(spawn_delay=HOLD)
    server_id = _boot(cloud, 'interrupted-delete')
    _wait_task(cloud, server_id, 'spawning')
    assert cloud.allocation_count(server_id) > 0
    resp = cloud.admin.compute.delete('/servers/%s' % server_id)
    assert resp.status_code == 204, resp.text
    _wait_task(cloud, server_id, 'deleting')
    time.sleep(1)
    serving_s, started, offset = compute.kill_and_restart()
    cloud.wait_gone(server_id)
    _record(cloud, 'restart_to_delete_finished_s',
            time.monotonic() - started)
    assert cloud.allocation_count(server_id) == 0
    assert server_id not in compute.guests()
    log = compute.proc.log_since(offset)
    assert 'Restarting the deletion now' in log, log[-3000:]


# -- _sync_power_states -------------------------------------------------------------

def test_power_sync_follows_the_guests(cloud, compute):
    server_id = _boot(cloud, 'synced')
    cloud.wait_status(server_id, conn=cloud.admin)
    # The guest shuts itself down: the server is stopped, as by os-stop.
    compute.set_guest(server_id, SHUTDOWN)
    changed = time.monotonic()
    server = _wait(cloud, server_id, 'SHUTOFF after its guest shut down',
                   _settled('SHUTOFF'), timeout=15)
    _record(cloud, 'guest_shutdown_to_shutoff_s', time.monotonic() - changed)
    assert server['OS-EXT-STS:vm_state'] == 'stopped'
    assert server['OS-EXT-STS:power_state'] == SHUTDOWN
    # Recorded as a stop the cloud made, newest first.
    assert _action_names(cloud, server_id) == ['stop', 'create']
    # Started behind Nova's back, the guest of a stopped server is
    # powered off again.
    compute.set_guest(server_id, RUNNING)
    fixtures.wait_for(lambda: compute.guests()[server_id] == SHUTDOWN,
                      'the guest to be powered off', timeout=15,
                      diagnostics=cloud.diagnostics)
    server = _wait(cloud, server_id, 'still SHUTOFF', _settled('SHUTOFF'))
    assert server['OS-EXT-STS:power_state'] == SHUTDOWN
    log = compute.proc.log_since()
    assert 'Instance is not stopped. Calling the stop API' in log
