"""ComputeFilter: the host's compute service is up and enabled."""

from oslo_log import log as logging

from nova_lite.scheduler import filters
from nova_lite import servicegroup

LOG = logging.getLogger(__name__)


class ComputeFilter(filters.BaseHostFilter):
    """Pass hosts whose nova-lite-compute is enabled and heartbeating."""

    def host_passes(self, host_state, request):
        service = host_state.service
        if service is None:
            LOG.debug('%s has no compute service', host_state)
            return False
        if service.disabled:
            LOG.debug('%(host)s is disabled, reason: %(reason)s',
                      {'host': host_state, 'reason': service.disabled_reason})
            return False
        if not servicegroup.service_is_up(service):
            LOG.warning('%s has not been heard from in a while',
                        host_state.host)
            return False
        return True
