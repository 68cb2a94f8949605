"""Response bodies of /os-services (Nova's shapes, up to microversion 2.73).

``id`` is the integer id before 2.53 and the uuid from 2.53; ``state`` is
up/down as ``servicegroup`` judges the heartbeat; ``forced_down`` shows
from 2.11.
"""

from nova_lite.api import microversion
from nova_lite import servicegroup


def timestamp(value):
    """A naive ISO 8601 time with microseconds, as Nova shows database
    timestamps outside the servers API (``2012-10-29T13:42:02.000000``);
    None stays None."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec='microseconds')


def service_id(request, service):
    """The id a client addresses ``service`` by at its microversion."""
    if microversion.supports_uuid_service_ids(request):
        return service.uuid
    return service.id


def detail(request, service):
    item = {
        'id': service_id(request, service),
        'binary': service.binary,
        'host': service.host,
        'zone': service.availability_zone,
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if servicegroup.service_is_up(service) else 'down',
        'updated_at': timestamp(service.updated_at),
        'disabled_reason': service.disabled_reason,
    }
    if microversion.supports_service_forced_down(request):
        item['forced_down'] = service.forced_down
    return item


def index(request, services):
    return {'services': [detail(request, svc) for svc in services]}


def show(request, service):
    """``PUT /os-services/{id}`` (2.53): the whole updated service."""
    return {'service': detail(request, service)}


def action_result(host, binary, **values):
    """What the PUT actions below 2.53 answer: the host and binary they
    were given and what changed (status, disabled_reason, forced_down)."""
    return {'service': dict(values, host=host, binary=binary)}
