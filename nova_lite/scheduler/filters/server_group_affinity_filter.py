"""ServerGroupAffinityFilter: the ``affinity`` policy of server groups.

Every member of an affinity group goes to the host the first one went to.
The scheduler reads the group's hosts afresh for each request and counts
the request's own picks; the claim checks the policy once more in the
conductor, so a concurrent boot into the same group cannot split it.
"""

from oslo_log import log as logging

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """Pass only the group's host once it has one; any host before."""

    def host_passes(self, host_state, request):
        if request.group_policy != 'affinity' or not request.group_hosts:
            return True
        passes = host_state.host in request.group_hosts
        if not passes:
            LOG.debug('%(host)s fails the affinity of the server group: its '
                      'members are on %(hosts)s',
                      {'host': host_state.host,
                       'hosts': sorted(request.group_hosts)})
        return passes
