"""Server actions over the real processes, as openstacksdk and the
``openstack`` CLI drive them: each action's effect on the status and
OS-EXT-STS, the instance action it records with its compute event, and
each refusal (409 with Nova's message, locks, policies, 404, 400).

The module boots one server and shares it; every test leaves it ACTIVE,
unlocked and without a task.
"""

import openstack.exceptions
import pytest

from tests.functional import actions as helpers
from tests.functional import cloud as cloud_mod
from tests.functional import test_cli

pytestmark = cloud_mod.ONE_BACKEND

# power_state values (nova_lite.compute.power_state)
RUNNING, PAUSED, SHUTDOWN, SUSPENDED = 1, 3, 4, 7


@pytest.fixture(scope='module')
def server(api_cloud):
    server = helpers.module_server(api_cloud, 'actions')
    yield server
    api_cloud.delete_all()


@pytest.fixture
def cloud(api_cloud, server):
    """The shared cloud; the server checked ACTIVE and idle afterwards."""
    api_cloud.ensure_healthy()
    yield api_cloud
    shown = helpers.wait_settled(api_cloud, server.id)
    assert (shown['status'], shown['locked']) == ('ACTIVE', False), shown


def _states(cloud, server_id):
    shown = helpers.show(cloud, server_id, token=helpers.DEMO_TOKEN,
                         admin=False)
    return (shown['status'], shown['OS-EXT-STS:vm_state'],
            shown['OS-EXT-STS:task_state'], shown['OS-EXT-STS:power_state'])


def _check_recorded(cloud, server_id, name, event):
    """The newest instance action is ``name``, its one event a success."""
    newest = helpers.actions(cloud, server_id)[0]
    assert newest['action'] == name, newest
    detail = helpers.wait_events_done(cloud, server_id, newest['request_id'])
    assert [(e['event'], e['result']) for e in detail['events']] == [
        (event, 'Success')], detail
    assert detail['user_id'] == 'demo' and detail['project_id'] == 'demo'
    return detail


@pytest.mark.parametrize('go,back', [
    (('stop_server', 'SHUTOFF', 'stopped', SHUTDOWN, 'stop',
      'compute_stop_instance'),
     ('start_server', 'ACTIVE', 'active', RUNNING, 'start',
      'compute_start_instance')),
    (('pause_server', 'PAUSED', 'paused', PAUSED, 'pause',
      'compute_pause_instance'),
     ('unpause_server', 'ACTIVE', 'active', RUNNING, 'unpause',
      'compute_unpause_instance')),
    (('suspend_server', 'SUSPENDED', 'suspended', SUSPENDED, 'suspend',
      'compute_suspend_instance'),
     ('resume_server', 'ACTIVE', 'active', RUNNING, 'resume',
      'compute_resume_instance')),
], ids=['stop-start', 'pause-unpause', 'suspend-resume'])
def test_action_and_its_inverse(cloud, server, go, back):
    conn = cloud.demo
    for method, status, vm_state, power, name, event in (go, back):
        getattr(conn.compute, method)(server)
        helpers.wait_settled(cloud, server.id, status)
        assert _states(cloud, server.id) == (status, vm_state, None, power)
        _check_recorded(cloud, server.id, name, event)


@pytest.mark.parametrize('reboot_type', ['SOFT', 'HARD'])
def test_reboot(cloud, server, reboot_type):
    cloud.demo.compute.reboot_server(server, reboot_type)
    helpers.wait_settled(cloud, server.id, 'ACTIVE')
    assert _states(cloud, server.id) == ('ACTIVE', 'active', None, RUNNING)
    _check_recorded(cloud, server.id, 'reboot', 'compute_reboot_instance')


# --- refusals -----------------------------------------------------------------

def _conflict(cloud, server_id, body, verb, attr, state):
    resp = helpers.action(cloud, server_id, body)
    cloud_mod.assert_fault(resp, 409)
    assert resp.json()['conflictingRequest']['message'] == (
        "Cannot '%s' instance %s while it is in %s %s"
        % (verb, server_id, attr, state))


def test_wrong_state_is_409_with_novas_message(cloud, server):
    before = len(helpers.actions(cloud, server.id))
    for body, verb in (({'os-start': None}, 'start'),
                       ({'unpause': None}, 'unpause'),
                       ({'resume': None}, 'resume')):
        _conflict(cloud, server.id, body, verb, 'vm_state', 'active')
    cloud.demo.compute.stop_server(server)
    helpers.wait_settled(cloud, server.id, 'SHUTOFF')
    for body, verb in (({'os-stop': None}, 'stop'), ({'pause': None},
                                                     'pause'),
                       ({'suspend': None}, 'suspend'),
                       ({'reboot': {'type': 'SOFT'}}, 'reboot')):
        _conflict(cloud, server.id, body, verb, 'vm_state', 'stopped')
    cloud.demo.compute.start_server(server)
    helpers.wait_settled(cloud, server.id, 'ACTIVE')
    # Refused requests record nothing: stop and start only.
    assert len(helpers.actions(cloud, server.id)) == before + 2


def test_locked_server_refused_to_owner_allowed_to_admin(cloud, server):
    demo, admin = cloud.demo, cloud.admin
    demo.compute.lock_server(server, locked_reason='maintenance window')
    shown = helpers.show(cloud, server.id, token=helpers.DEMO_TOKEN)
    assert (shown['locked'], shown['locked_reason']) == (
        True, 'maintenance window'), shown
    resp = helpers.action(cloud, server.id, {'os-stop': None})
    assert cloud_mod.assert_fault(resp, 409) == (
        'Instance %s is locked' % server.id)
    with pytest.raises(openstack.exceptions.ConflictException):
        demo.compute.pause_server(server)
    # An administrator may act on a locked server.
    admin.compute.pause_server(server)
    helpers.wait_settled(cloud, server.id, 'PAUSED')
    admin.compute.unpause_server(server)
    helpers.wait_settled(cloud, server.id, 'ACTIVE')
    demo.compute.unlock_server(server)
    assert helpers.show(cloud, server.id)['locked'] is False
    # Locked by an administrator: the owner may not unlock it.
    admin.compute.lock_server(server)
    with pytest.raises(openstack.exceptions.ForbiddenException) as raised:
        demo.compute.unlock_server(server)
    assert 'unlock_override' in str(raised.value)
    admin.compute.unlock_server(server)
    names = [a['action'] for a in helpers.actions(cloud, server.id)[:6]]
    assert names == ['unlock', 'lock', 'unlock', 'unpause', 'pause',
                     'lock'], names


def test_reset_state_is_for_admins(cloud, server):
    with pytest.raises(openstack.exceptions.ForbiddenException):
        cloud.demo.compute.reset_server_state(server, 'error')
    cloud.admin.compute.reset_server_state(server, 'error')
    shown = helpers.show(cloud, server.id, token=helpers.DEMO_TOKEN,
                         admin=False)
    assert (shown['status'], shown['OS-EXT-STS:vm_state']) == (
        'ERROR', 'error'), shown
    cloud.admin.compute.reset_server_state(server, 'active')
    assert _states(cloud, server.id)[:3] == ('ACTIVE', 'active', None)
    assert helpers.actions(cloud, server.id)[0]['action'] == 'resetState'


def test_another_projects_server_is_404(cloud, server):
    other = cloud.conn(*cloud_mod.OTHER)
    for method in ('stop_server', 'pause_server', 'lock_server'):
        with pytest.raises(openstack.exceptions.NotFoundException):
            getattr(other.compute, method)(server.id)
    resp = helpers.action(cloud, server.id, {'reboot': {'type': 'HARD'}},
                          token=helpers.OTHER_TOKEN)
    assert cloud_mod.assert_fault(resp, 404) == (
        'Instance %s could not be found.' % server.id)
    # A reader of the project may look, not act.
    resp = helpers.action(cloud, server.id, {'os-stop': None},
                          token=helpers.READER_TOKEN)
    cloud_mod.assert_fault(resp, 403, 'os_compute_api:servers:stop')


@pytest.mark.parametrize('body,words', [
    ({'reboot': {'type': 'FAST'}}, ['type']),
    ({'reboot': None}, ['reboot']),
    ({'os-resetState': {'state': 'deleted'}}, ['state']),
    ({'lock': {'locked_reason': 'x' * 256}}, ['locked_reason']),
    ({'os-getConsoleOutput': {'length': 'all'}}, ['length']),
    ({'pause': None, 'unpause': None}, ['Malformed request body']),
    ({'hibernate': None}, ['There is no such action: hibernate']),
])
def test_bad_body_is_400(cloud, server, body, words):
    resp = helpers.action(cloud, server.id, body, token=helpers.ADMIN_TOKEN)
    cloud_mod.assert_fault(resp, 400, *words)


def test_console_output(cloud, server):
    output = cloud.demo.compute.get_server_console_output(server)
    cloud_mod.validate('servers.console_output', None, output)
    lines = output['output'].splitlines()
    assert lines, output
    tail = cloud.demo.compute.get_server_console_output(server, length=1)
    assert tail['output'].splitlines() == lines[-1:], (tail, lines)


def test_cli_actions(cloud, server, tmp_path):
    cli = test_cli.CLI(tmp_path / 'clouds.yaml', cloud.diagnostics)
    cli.clouds_path.write_text(test_cli.CLOUDS_YAML.format(url=cloud.url))
    demo = {'cloud': 'nl-demo'}
    cli.run('server', 'stop', server.id, **demo)
    helpers.wait_settled(cloud, server.id, 'SHUTOFF')
    cli.run('server', 'start', server.id, **demo)
    helpers.wait_settled(cloud, server.id, 'ACTIVE')
    cli.run('server', 'lock', '--reason', 'cli', server.id, version='2.73',
            **demo)
    shown = cli.json('server', 'show', server.id, version='2.73', **demo)
    assert shown['locked'] is True and shown['locked_reason'] == 'cli'
    refused = cli.run('server', 'pause', server.id, check=False, **demo)
    assert refused.returncode != 0 and 'locked' in refused.stderr
    cli.run('server', 'unlock', server.id, **demo)
    cli.run('server', 'reboot', '--hard', '--wait', server.id, **demo)
    events = cli.json('server', 'event', 'list', server.id, **demo)
    assert [e['Action'] for e in events[:5]] == [
        'reboot', 'unlock', 'lock', 'start', 'stop'], events
