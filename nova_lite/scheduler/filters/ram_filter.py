"""RamFilter: the host has enough memory left for the flavor."""

from oslo_log import log as logging

from nova_lite.scheduler import filters
from nova_lite.scheduler import utils

LOG = logging.getLogger(__name__)


class RamFilter(filters.BaseHostFilter):
    """Pass hosts whose free memory (allocation ratio and reservation
    applied) covers the instance's MB of RAM."""

    def host_passes(self, host_state, request):
        wanted = request.resources.get(utils.MEMORY_MB, 0)
        free = host_state.free(utils.MEMORY_MB)
        if wanted <= free:
            return True
        LOG.debug('%(host)s does not have %(wanted)d MB of RAM usable, only '
                  '%(free)d', {'host': host_state.host, 'wanted': wanted,
                               'free': free})
        return False
