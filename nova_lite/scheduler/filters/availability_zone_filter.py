"""AvailabilityZoneFilter: the host is in the zone the request asks for."""

from oslo_log import log as logging

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """Pass every host when no zone is asked for, else the zone's hosts.

    A host's zone is its compute service's (``default_availability_zone``
    of that compute).
    """

    def host_passes(self, host_state, request):
        zone = request.availability_zone
        if not zone:
            return True
        if host_state.availability_zone == zone:
            return True
        LOG.debug('%(host)s is in zone %(have)s, not %(want)s',
                  {'host': host_state.host,
                   'have': host_state.availability_zone, 'want': zone})
        return False
