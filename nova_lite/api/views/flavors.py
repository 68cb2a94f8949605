"""Response bodies of /flavors (Nova's shapes, up to microversion 2.73).

The controller decides by policy whether a caller sees the extra specs
(2.61); the views only render what they are told.
"""

from nova_lite.api import common
from nova_lite.api import microversion

COLLECTION = 'flavors'


def _links(request, flavor):
    return common.resource_links(request, COLLECTION, flavor.flavorid)


def basic(request, flavor):
    """An item of ``GET /flavors``."""
    item = {'id': flavor.flavorid, 'name': flavor.name,
            'links': _links(request, flavor)}
    if microversion.supports_flavor_description(request):
        item['description'] = flavor.description
    return item


def detail(request, flavor, extra_specs=False):
    """A flavor in full (show, create, update, ``GET /flavors/detail``).

    ``extra_specs``: the caller may read them (2.61 adds them then).
    """
    item = {
        'id': flavor.flavorid,
        'name': flavor.name,
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        # Before 2.75 Nova shows a swap of 0 as "".
        'swap': flavor.swap or '',
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'vcpus': flavor.vcpus,
        'os-flavor-access:is_public': flavor.is_public,
        'rxtx_factor': flavor.rxtx_factor or '',
        'links': _links(request, flavor),
    }
    if microversion.supports_flavor_description(request):
        item['description'] = flavor.description
    if extra_specs and microversion.supports_flavor_extra_specs(request):
        item['extra_specs'] = dict(flavor.extra_specs or {})
    return item


def show(request, flavor, extra_specs=False):
    return {'flavor': detail(request, flavor, extra_specs)}


def index(request, flavors, limit, detailed=False, extra_specs=False):
    if detailed:
        items = [detail(request, flavor, extra_specs) for flavor in flavors]
    else:
        items = [basic(request, flavor) for flavor in flavors]
    body = {'flavors': items}
    collection = COLLECTION + '/detail' if detailed else COLLECTION
    links = common.collection_links(request, body['flavors'], collection,
                                    limit)
    if links:
        body['flavors_links'] = links
    return body


def access_list(flavor):
    """``{"flavor_access": [{"flavor_id": ..., "tenant_id": ...}]}``."""
    return {'flavor_access': [
        {'flavor_id': flavor.flavorid, 'tenant_id': project_id}
        for project_id in flavor.projects]}
