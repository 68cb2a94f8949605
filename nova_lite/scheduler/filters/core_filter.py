"""CoreFilter: the host has enough vCPUs left for the flavor."""

from oslo_log import log as logging

from nova_lite.scheduler import filters
from nova_lite.scheduler import utils

LOG = logging.getLogger(__name__)


class CoreFilter(filters.BaseHostFilter):
    """Pass hosts whose free vCPUs (allocation ratio and reservation
    applied) covers the instance's vCPUs."""

    def host_passes(self, host_state, request):
        wanted = request.resources.get(utils.VCPU, 0)
        free = host_state.free(utils.VCPU)
        if wanted <= free:
            return True
        LOG.debug('%(host)s does not have %(wanted)d vCPUs usable, only '
                  '%(free)d', {'host': host_state.host, 'wanted': wanted,
                               'free': free})
        return False
