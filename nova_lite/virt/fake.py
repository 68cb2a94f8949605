"""A driver with no hypervisor: guests are entries in a dict.

Used by the tests and to run many computes on one machine. Its resources
come from the ``[fake_driver]`` options, and so do the optional spawn delay
and spawn failures that let tests watch a build under way or failing.
"""

import json
import platform
import threading
import time

import nova_lite.conf
from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt import driver

CONF = nova_lite.conf.CONF

_ARCH_ALIASES = {'amd64': 'x86_64', 'arm64': 'aarch64'}


def _host_arch():
    machine = platform.machine().lower()
    return _ARCH_ALIASES.get(machine, machine) or 'x86_64'


class FakeDriver(driver.ComputeDriver):
    """Implements the whole driver contract in memory."""

    def __init__(self):
        self._host = None
        self._guests = {}
        self._lock = threading.Lock()

    def init_host(self, host):
        self._host = host

    def cleanup_host(self, host):
        with self._lock:
            self._guests.clear()

    def get_available_nodes(self):
        return [self._host or CONF.host]

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

    def list_instances(self):
        with self._lock:
            return list(self._guests)

    def get_info(self, instance):
        with self._lock:
            state = self._guests.get(instance.uuid)
        if state is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return driver.InstanceInfo(state=state, internal_id=instance.uuid)

    def spawn(self, context, instance, image_meta, network_info=None):
        opts = CONF.fake_driver
        if opts.spawn_delay:
            time.sleep(opts.spawn_delay)
        self._maybe_fail(instance)
        with self._lock:
            self._guests[instance.uuid] = power_state.RUNNING

    def _maybe_fail(self, instance):
        opts = CONF.fake_driver
        if opts.spawn_failure == 'none':
            return
        host = self._host or CONF.host
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
            self._guests.pop(instance.uuid, None)
