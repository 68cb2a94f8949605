"""A driver with no hypervisor: guests are entries in a small JSON file.

Used by the tests and to run many computes on one machine. Its resources
come from the ``[fake_driver]`` options, and so do the optional spawn and
action delays and the spawn failures that let tests watch work under way or
failing.

The guests of a host live in ``$state_path/fake_driver/<host>.json`` as
``{instance_uuid: power_state}`` (see :func:`guests_file`): written after
every change (a new file renamed into place), and read again whenever the
file changes under the driver. So a restarted compute finds its guests, and
a test that rewrites the file changes a guest's power state "out of band",
as a guest that shuts itself down would.
"""

import json
import os
import platform
import threading
import time

from oslo_log import log as logging

import nova_lite.conf
from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt import driver

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

_ARCH_ALIASES = {'amd64': 'x86_64', 'arm64': 'aarch64'}


def guests_file(state_path, host):
    """Where the fake driver of ``host`` keeps its guests."""
    return os.path.join(state_path, 'fake_driver', '%s.json' % host)


def _file_key(path):
    """What changes when ``path`` is rewritten; None when it is missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _host_arch():
    machine = platform.machine().lower()
    return _ARCH_ALIASES.get(machine, machine) or 'x86_64'


class FakeDriver(driver.ComputeDriver):
    """Implements the whole driver contract without a hypervisor."""

    # Lines a guest writes to its console on each boot.
    _BOOT_LINES = (
        'fake-bios: booting instance %(uuid)s on %(host)s (boot %(boot)d)',
        '[    0.000000] Linux version 6.1.0-fake (nova-lite fake driver)',
        'cloud-init: instance-id %(uuid)s, boot %(boot)d',
        'instance %(uuid)s login:',
    )

    def __init__(self):
        self._host = None
        # uuid -> power_state; a cache of the guests file.
        self._guests = {}
        self._file_key = None
        # uuid -> boots seen by this process (console output only).
        self._boots = {}
        self._lock = threading.Lock()

    # -- the guests file ---------------------------------------------------

    def _hostname(self):
        return self._host or CONF.host

    def _path(self):
        return guests_file(CONF.state_path, self._hostname())

    def _refresh(self):
        """Re-read the guests file if it changed (call under the lock)."""
        path = self._path()
        key = _file_key(path)
        if key == self._file_key:
            return
        if key is None:
            self._guests, self._file_key = {}, None
            return
        try:
            with open(path) as f:
                guests = json.load(f)
        except (OSError, ValueError) as exc:
            # Caught in the middle of an edit: keep what we knew and read
            # it again next time.
            LOG.warning('Cannot read %(path)s yet: %(err)s',
                        {'path': path, 'err': exc})
            return
        self._guests = {uuid: int(state) for uuid, state in guests.items()}
        self._file_key = key

    def _save(self):
        """Write the guests file atomically (call under the lock)."""
        path = self._path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = '%s.%d.%d.tmp' % (path, os.getpid(), threading.get_ident())
        with open(tmp, 'w') as f:
            json.dump(self._guests, f, sort_keys=True)
        os.replace(tmp, path)
        self._file_key = _file_key(path)

    def _power_state(self, instance):
        """The guest's power state (call under the lock)."""
        self._refresh()
        state = self._guests.get(instance.uuid)
        if state is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return state

    def _set_state(self, instance, state, booted=False):
        """Record the guest's new power state (call under the lock)."""
        self._guests[instance.uuid] = state
        self._save()
        if booted:
            self._boots[instance.uuid] = self._boots.get(instance.uuid, 0) + 1

    def _transition(self, method, instance, allowed, new_state):
        """Move a guest in one of the ``allowed`` states to ``new_state``."""
        self._delay()
        with self._lock:
            state = self._power_state(instance)
            if state not in allowed:
                raise exception.InstanceInvalidState(
                    method=method, instance_uuid=instance.uuid,
                    attr='power_state', state=power_state.STATE_MAP[state])
            self._set_state(instance, new_state)

    @staticmethod
    def _delay():
        delay = CONF.fake_driver.action_delay
        if delay:
            time.sleep(delay)

    # -- host ----------------------------------------------------------------

    def init_host(self, host):
        self._host = host
        with self._lock:
            self._file_key = None
            self._refresh()
        LOG.info('Fake driver of %(host)s: %(count)d guests in %(path)s',
                 {'host': host, 'count': len(self._guests),
                  'path': self._path()})

    def cleanup_host(self, host):
        # The guests outlive the service (the file stays): forget the
        # cache only.
        with self._lock:
            self._guests, self._file_key = {}, None
            self._boots.clear()

    def get_available_nodes(self):
        return [self._hostname()]

    def get_available_resource(self, nodename):
        opts = CONF.fake_driver
        return {
            'vcpus': opts.vcpus,
            'memory_mb': opts.memory_mb,
            'local_gb': opts.local_gb,
            'hypervisor_type': opts.hypervisor_type,
            'hypervisor_version': opts.hypervisor_version,
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps({'arch': _host_arch()}),
            'host_ip': '127.0.0.1',
        }

    # -- guests --------------------------------------------------------------

    def list_instances(self):
        with self._lock:
            self._refresh()
            return list(self._guests)

    def get_info(self, instance):
        with self._lock:
            state = self._power_state(instance)
        return driver.InstanceInfo(state=state, internal_id=instance.uuid)

    def spawn(self, context, instance, image_meta, network_info=None):
        opts = CONF.fake_driver
        if opts.spawn_delay:
            time.sleep(opts.spawn_delay)
        self._maybe_fail(instance)
        with self._lock:
            self._refresh()
            self._boots.pop(instance.uuid, None)
            self._set_state(instance, power_state.RUNNING, booted=True)

    def _maybe_fail(self, instance):
        opts = CONF.fake_driver
        if opts.spawn_failure == 'none':
            return
        host = self._hostname()
        if opts.spawn_failure_hosts and host not in opts.spawn_failure_hosts:
            return
        reason = 'fake driver on %s: spawn_failure = %s' % (
            host, opts.spawn_failure)
        if opts.spawn_failure == 'reschedule':
            raise exception.RescheduledException(
                instance_uuid=instance.uuid, reason=reason)
        raise exception.InstanceDeployFailure(reason=reason)

    def destroy(self, context, instance):
        with self._lock:
            self._refresh()
            self._boots.pop(instance.uuid, None)
            if self._guests.pop(instance.uuid, None) is not None:
                self._save()

    # -- power and lifecycle actions -----------------------------------------

    def reboot(self, context, instance, network_info, reboot_type):
        self._delay()
        with self._lock:
            if reboot_type == 'HARD':
                # A reset recreates a guest the hypervisor lost.
                self._refresh()
            else:
                self._power_state(instance)
            self._set_state(instance, power_state.RUNNING, booted=True)

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._delay()
        with self._lock:
            self._power_state(instance)
            self._set_state(instance, power_state.SHUTDOWN)

    def power_on(self, context, instance, network_info):
        self._delay()
        with self._lock:
            self._refresh()
            booted = self._guests.get(instance.uuid) != power_state.RUNNING
            self._set_state(instance, power_state.RUNNING, booted=booted)

    def pause(self, instance):
        self._transition('pause', instance, (power_state.RUNNING,),
                         power_state.PAUSED)

    def unpause(self, instance):
        self._transition('unpause', instance, (power_state.PAUSED,),
                         power_state.RUNNING)

    def suspend(self, context, instance):
        self._transition('suspend', instance,
                         (power_state.RUNNING, power_state.PAUSED),
                         power_state.SUSPENDED)

    def resume(self, context, instance, network_info):
        self._transition('resume', instance, (power_state.SUSPENDED,),
                         power_state.RUNNING)

    def get_console_output(self, context, instance):
        with self._lock:
            self._power_state(instance)
            # A guest found in the file after a restart has booted at least
            # once.
            boots = self._boots.get(instance.uuid, 1)
        values = {'uuid': instance.uuid, 'host': self._hostname()}
        lines = [line % dict(values, boot=boot)
                 for boot in range(1, boots + 1)
                 for line in self._BOOT_LINES]
        return '\n'.join(lines) + '\n'

    # -- resize ----------------------------------------------------------------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info):
        # The guest stays (stopped) as the copy a revert brings back.
        self._delay()
        with self._lock:
            self._power_state(instance)
            self._set_state(instance, power_state.SHUTDOWN)
        return ''

    def finish_migration(self, context, migration, instance, image_meta,
                         network_info, resize_instance, power_on=True):
        self._delay()
        with self._lock:
            self._refresh()
            self._set_state(instance, power_state.RUNNING if power_on
                            else power_state.SHUTDOWN, booted=power_on)

    def confirm_migration(self, context, migration, instance, network_info):
        if migration.source_compute == migration.dest_compute:
            # The one guest here is the resized one.
            return
        self.destroy(context, instance)

    def finish_revert_migration(self, context, instance, network_info,
                                power_on=True):
        self._delay()
        with self._lock:
            self._refresh()
            self._set_state(instance, power_state.RUNNING if power_on
                            else power_state.SHUTDOWN, booted=power_on)
