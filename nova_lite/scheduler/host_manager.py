"""Host states for one request: read in one conductor call (and reused
for ``[scheduler] host_state_max_age``), then filtered and weighed in
memory.

A HostState is a compute node as the scheduler sees it: capacity from the
node's inventory (allocation ratios and reservations applied, as the
claim computes it in the conductor) and usage from its allocations. After
each claim the scheduler adds the claimed amounts to the state, so the next
instance of a multi-create sees the host as it now is.
"""

import copy
import math
import random
import threading
import time

from oslo_log import log as logging

import nova_lite.conf
from nova_lite import objects
from nova_lite.scheduler import filters as filters_pkg
from nova_lite.scheduler import utils
from nova_lite.scheduler import weights as weights_pkg

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)


def node_capacity(node):
    """{resource class: total the node can hand out}.

    (total - reserved) * ratio, an unset ratio counting as 1.0 and reserved
    disk (MiB) rounded up to GiB: the same rule the claim applies.
    """
    def cap(total, reserved, ratio):
        return int(((total or 0) - (reserved or 0)) * (ratio or 1.0))

    return {
        utils.VCPU: cap(node.vcpus, node.reserved_host_cpus,
                        node.cpu_allocation_ratio),
        utils.MEMORY_MB: cap(node.memory_mb, node.reserved_host_memory_mb,
                             node.ram_allocation_ratio),
        utils.DISK_GB: cap(node.local_gb,
                           math.ceil((node.reserved_host_disk_mb or 0) /
                                     1024),
                           node.disk_allocation_ratio),
    }


class HostState:
    """One compute node, its service and what is allocated on it."""

    def __init__(self, compute_node, service, usage, capacity=None):
        self.compute_node = compute_node
        self.service = service
        self.host = compute_node.host
        self.nodename = compute_node.hypervisor_hostname
        self.uuid = compute_node.uuid
        self.availability_zone = (service.availability_zone
                                  if service is not None else None)
        # The conductor sends the capacity the claim checks; the same rule
        # applied here is the fallback.
        self.capacity = dict(node_capacity(compute_node),
                             **(capacity or {}))
        self.used = {rc: int((usage or {}).get(rc, 0))
                     for rc in self.capacity}
        # Set when a claim on this node failed: its usage here is stale.
        self.claim_failed = False

    def __repr__(self):
        return '(%s, %s) free: %s' % (
            self.host, self.nodename,
            ', '.join('%s %d' % (rc, self.free(rc))
                      for rc in sorted(self.capacity)))

    def free(self, resource_class):
        return self.capacity[resource_class] - self.used[resource_class]

    def fits(self, resources):
        return all(amount <= self.free(rc)
                   for rc, amount in resources.items())

    def consume(self, resources):
        """Count a claim just made on this node."""
        for rc, amount in resources.items():
            self.used[rc] = self.used.get(rc, 0) + amount

    def copy(self):
        """A copy a request may consume from without touching this one."""
        clone = copy.copy(self)
        clone.capacity = dict(self.capacity)
        clone.used = dict(self.used)
        return clone


class HostManager:
    """Builds host states and runs the enabled filters and weighers."""

    def __init__(self):
        self.filters = filters_pkg.load_filters(
            CONF.filter_scheduler.enabled_filters)
        self.weighers = weights_pkg.all_weighers()
        # The last view read from the conductor (HostStates kept up to date
        # with our own claims) and when it was read.
        self._lock = threading.Lock()
        self._view = None
        self._read_at = 0.0

    def get_host_states(self, context):
        """Every compute node as a HostState, for one request.

        Reads the view from the conductor (one call) when the one kept is
        older than ``[scheduler] host_state_max_age``; the states returned
        are the request's own copies.
        """
        with self._lock:
            if (self._view is None or time.monotonic() - self._read_at >
                    CONF.scheduler.host_state_max_age):
                self._view = self._read(context)
                self._read_at = time.monotonic()
            return [state.copy() for state in self._view]

    @staticmethod
    def _read(context):
        states = [HostState(hs.compute_node, hs.service, hs.usage,
                            hs.capacity if hs.obj_attr_is_set('capacity')
                            else None)
                  for hs in objects.HostStateList.get_all(context)]
        # A stable order, so ties are broken the same way every time.
        states.sort(key=lambda s: (s.host or '', s.nodename or ''))
        return states

    def claimed(self, host_state, resources):
        """Count a claim that succeeded in the request's copy and the view."""
        host_state.consume(resources)
        with self._lock:
            for state in self._view or ():
                if state.uuid == host_state.uuid:
                    state.consume(resources)

    def claim_failed(self, host_state):
        """A claim on the node failed: the view is stale, read it again."""
        host_state.claim_failed = True
        with self._lock:
            self._view = None

    def get_filtered_hosts(self, hosts, request):
        """(hosts that can take one instance, what each filter removed)."""
        hosts = [h for h in hosts if not h.claim_failed]
        if request.ignore_hosts:
            ignored = set(request.ignore_hosts)
            hosts = [h for h in hosts if h.host not in ignored]
        if request.force_hosts or request.force_nodes:
            # An administrator's choice: no filter second-guesses it (the
            # claim still checks that the instance fits).
            return self._forced(hosts, request), []
        results = []
        for host_filter in self.filters:
            before = len(hosts)
            hosts = host_filter.filter_all(hosts, request)
            results.append('%s: (start: %d, end: %d)' % (
                type(host_filter).__name__, before, len(hosts)))
            if not hosts:
                break
        return hosts, results

    @staticmethod
    def _forced(hosts, request):
        if request.force_hosts:
            wanted = {h.lower() for h in request.force_hosts}
            hosts = [h for h in hosts if (h.host or '').lower() in wanted]
        if request.force_nodes:
            wanted = {n.lower() for n in request.force_nodes}
            hosts = [h for h in hosts
                     if (h.nodename or '').lower() in wanted]
        if not hosts:
            LOG.info('No hosts matched the forced hosts %(hosts)s / nodes '
                     '%(nodes)s', {'hosts': request.force_hosts,
                                   'nodes': request.force_nodes})
        return hosts

    def get_weighed_hosts(self, hosts, request):
        """``hosts`` best first, the top host_subset_size shuffled."""
        ranked = weights_pkg.weigh_hosts(self.weighers, hosts, request)
        subset = min(CONF.filter_scheduler.host_subset_size, len(ranked))
        if subset > 1:
            chosen = ranked.pop(random.randrange(subset))
            ranked.insert(0, chosen)
        return ranked
