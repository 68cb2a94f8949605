"""Response bodies of /os-availability-zone (Nova's shapes).

A zone is available when an enabled service is in it; a zone whose
services are all disabled is listed as not available. The list hides the
internal zone (conductor, scheduler); the detail shows it, with each host's
enabled services.
"""

from nova_lite.api.views import services as service_views
from nova_lite import servicegroup


def _zone(name, available, hosts=None):
    return {'zoneName': name, 'zoneState': {'available': available},
            'hosts': hosts}


def index(available, not_available, internal_zone):
    return {'availabilityZoneInfo': [
        _zone(name, is_available)
        for names, is_available in ((available, True),
                                    (not_available, False))
        for name in names if name != internal_zone]}


def _hosts(services):
    """{host: {binary: {available, active, updated_at}}}."""
    hosts = {}
    for service in services:
        hosts.setdefault(service.host, {})[service.binary] = {
            'available': servicegroup.service_is_up(service),
            'active': not service.disabled,
            'updated_at': service_views.timestamp(service.updated_at),
        }
    return hosts


def detail(available, not_available, enabled_by_zone):
    """``enabled_by_zone``: {zone: [enabled services listed there]}."""
    return {'availabilityZoneInfo': (
        [_zone(name, True, _hosts(enabled_by_zone.get(name, [])))
         for name in available] +
        [_zone(name, False) for name in not_available])}
