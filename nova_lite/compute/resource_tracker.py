"""Keeps this host's ComputeNode rows true to what the driver reports.

Capacity comes from the virt driver; usage is what the instances assigned to
this host consume (their flavors), plus the configured host reservations.
The scheduler claims against the allocations table; these figures are what
operators see (``os-hypervisors``, ``nova-lite-manage host list``).
"""

from oslo_log import log as logging

import nova_lite.conf
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

# Fields the driver reports for a node, copied as they are.
_DRIVER_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'hypervisor_type',
                  'hypervisor_version', 'hypervisor_hostname', 'cpu_info',
                  'host_ip')


def _ratio(configured, initial):
    return configured if configured is not None else initial


class ResourceTracker:
    """Reports the resources of one compute host's nodes."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.service_id = None
        self.compute_nodes = {}

    def update_available_resource(self, context, nodename):
        """Create or refresh the ComputeNode of ``nodename``.

        Costs one conductor call for the instances on this host and one for
        the save, and the save only when something changed.
        """
        resources = self.driver.get_available_resource(nodename)
        instances = objects.InstanceList.get_by_host(context, self.host)
        node = self._get_or_build_node(context, nodename)
        wanted = {f: resources[f] for f in _DRIVER_FIELDS if f in resources}
        wanted.update(self._ratios_and_reserved())
        wanted.update(self._usage(instances, nodename))
        for field, value in wanted.items():
            # Setting a field marks it changed even to the same value; only
            # touch what differs (after the field's own coercion, e.g. an IP
            # string to an address) so an idle host saves nothing.
            value = node.fields[field].coerce(node, field, value)
            if field not in node or getattr(node, field) != value:
                setattr(node, field, value)
        if 'id' not in node:
            node.create()
            LOG.info('Compute node record created for %(host)s:%(node)s '
                     'with uuid %(uuid)s',
                     {'host': self.host, 'node': nodename, 'uuid': node.uuid})
        elif node.obj_what_changed():
            node.save()
        self.compute_nodes[nodename] = node
        return node

    def _get_or_build_node(self, context, nodename):
        node = self.compute_nodes.get(nodename)
        if node is not None:
            return node
        try:
            return objects.ComputeNode.get_by_host_and_nodename(
                context, self.host, nodename)
        except exception.ComputeHostNotFound:
            return objects.ComputeNode(context=context, host=self.host,
                                       hypervisor_hostname=nodename,
                                       service_id=self.service_id,
                                       generation=0)

    @staticmethod
    def _ratios_and_reserved():
        return {
            'cpu_allocation_ratio': _ratio(CONF.cpu_allocation_ratio,
                                           CONF.initial_cpu_allocation_ratio),
            'ram_allocation_ratio': _ratio(CONF.ram_allocation_ratio,
                                           CONF.initial_ram_allocation_ratio),
            'disk_allocation_ratio': _ratio(
                CONF.disk_allocation_ratio,
                CONF.initial_disk_allocation_ratio),
            'reserved_host_cpus': CONF.reserved_host_cpus,
            'reserved_host_memory_mb': CONF.reserved_host_memory_mb,
            'reserved_host_disk_mb': CONF.reserved_host_disk_mb,
        }

    @staticmethod
    def _usage(instances, nodename):
        vcpus = CONF.reserved_host_cpus
        memory_mb = CONF.reserved_host_memory_mb
        local_gb = CONF.reserved_host_disk_mb // 1024
        running = 0
        for inst in instances:
            if inst.node != nodename or inst.vm_state == vm_states.DELETED:
                continue
            running += 1
            vcpus += inst.vcpus or 0
            memory_mb += inst.memory_mb or 0
            local_gb += (inst.root_gb or 0) + (inst.ephemeral_gb or 0)
        return {'vcpus_used': vcpus, 'memory_mb_used': memory_mb,
                'local_gb_used': local_gb, 'running_vms': running}
