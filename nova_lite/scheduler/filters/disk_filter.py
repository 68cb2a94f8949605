"""DiskFilter: the host has enough disk left for the flavor."""

from oslo_log import log as logging

from nova_lite.scheduler import filters
from nova_lite.scheduler import utils

LOG = logging.getLogger(__name__)


class DiskFilter(filters.BaseHostFilter):
    """Pass hosts whose free disk (allocation ratio and reservation
    applied) covers the instance's GB of disk."""

    def host_passes(self, host_state, request):
        wanted = request.resources.get(utils.DISK_GB, 0)
        free = host_state.free(utils.DISK_GB)
        if wanted <= free:
            return True
        LOG.debug('%(host)s does not have %(wanted)d GB of disk usable, only '
                  '%(free)d', {'host': host_state.host, 'wanted': wanted,
                               'free': free})
        return False
