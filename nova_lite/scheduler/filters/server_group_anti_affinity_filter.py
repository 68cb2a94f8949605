"""ServerGroupAntiAffinityFilter: the ``anti-affinity`` policy of server
groups, with the ``max_server_per_host`` rule (API 2.64; 1 by default).

The scheduler reads the group's members per host afresh for each request
and counts the request's own picks; the claim checks the policy once more
in the conductor, so two concurrent boots cannot both take the last slot
of a host.
"""

from oslo_log import log as logging

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """Pass hosts with fewer than ``max_server_per_host`` members."""

    def host_passes(self, host_state, request):
        if request.group_policy != 'anti-affinity':
            return True
        on_host = request.group_members_on(host_state.host)
        passes = on_host < request.group_max_per_host
        if not passes:
            LOG.debug('%(host)s fails the anti-affinity of the server group: '
                      '%(n)d of its members are there (at most %(max)d)',
                      {'host': host_state.host, 'n': on_host,
                       'max': request.group_max_per_host})
        return passes
