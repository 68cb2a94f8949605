"""Host filters: each decides whether one host can take one instance.

One filter per module; ``[filter_scheduler] enabled_filters`` names them by
class name, and they run in that order.
"""

from oslo_log import log as logging
from oslo_utils import importutils

from nova_lite import exception

LOG = logging.getLogger(__name__)

# Class name -> where it lives under this package.
_FILTERS = {
    'ComputeFilter': 'compute_filter.ComputeFilter',
    'AvailabilityZoneFilter':
        'availability_zone_filter.AvailabilityZoneFilter',
    'RamFilter': 'ram_filter.RamFilter',
    'CoreFilter': 'core_filter.CoreFilter',
    'DiskFilter': 'disk_filter.DiskFilter',
    'ImagePropertiesFilter': 'image_props_filter.ImagePropertiesFilter',
    'SameHostFilter': 'affinity_filter.SameHostFilter',
    'DifferentHostFilter': 'affinity_filter.DifferentHostFilter',
    'ServerGroupAffinityFilter':
        'server_group_affinity_filter.ServerGroupAffinityFilter',
    'ServerGroupAntiAffinityFilter':
        'server_group_anti_affinity_filter.ServerGroupAntiAffinityFilter',
}


class BaseHostFilter:
    """Base class of host filters."""

    def host_passes(self, host_state, request):
        """True if ``host_state`` can take one instance of ``request``
        (a :class:`nova_lite.scheduler.utils.SchedulingRequest`)."""
        raise NotImplementedError()

    def filter_all(self, hosts, request):
        return [host for host in hosts if self.host_passes(host, request)]


def available_filters():
    return sorted(_FILTERS)


def load_filters(names):
    """Instances of the filters ``names``, in that order.

    :raises: ConfigInvalid for a name that is not a known filter
    """
    loaded = []
    for name in names:
        path = _FILTERS.get(name)
        if path is None:
            raise exception.ConfigInvalid(
                reason='[filter_scheduler] enabled_filters: unknown filter '
                       '%s (known: %s)' % (name,
                                           ', '.join(available_filters())))
        loaded.append(importutils.import_object(__name__ + '.' + path))
    return loaded
