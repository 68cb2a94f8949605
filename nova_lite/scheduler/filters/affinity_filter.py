"""SameHostFilter and DifferentHostFilter: the ``same_host`` and
``different_host`` scheduler hints.

Each hint lists instance uuids; the scheduler resolves them to the hosts
those instances are on (one conductor call per request, and only when a
hint is given) into ``request.instance_hosts``.
"""

from oslo_log import log as logging

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)


def _hosts_of(request, hint):
    return {request.instance_hosts.get(uuid)
            for uuid in request.hint(hint)} - {None}


class SameHostFilter(filters.BaseHostFilter):
    """With ``same_host``: pass only hosts running one of those instances.

    Instances not (yet) on a host match no host.
    """

    def host_passes(self, host_state, request):
        if not request.hint('same_host'):
            return True
        return host_state.host in _hosts_of(request, 'same_host')


class DifferentHostFilter(filters.BaseHostFilter):
    """With ``different_host``: pass only hosts running none of those
    instances."""

    def host_passes(self, host_state, request):
        if not request.hint('different_host'):
            return True
        return host_state.host not in _hosts_of(request, 'different_host')
