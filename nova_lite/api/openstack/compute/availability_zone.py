"""/os-availability-zone (+ ``/detail``): the zones of the services.

A service's zone is the one it registered with
(``default_availability_zone`` for computes,
``internal_service_availability_zone`` for the others). The list is for
everyone and hides the internal zone; the detail (administrators) shows
every zone with the hosts and the enabled services in it.
"""

import pecan

import nova_lite.conf
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import availability_zones as schemas
from nova_lite.api import validation
from nova_lite.api.views import availability_zones as views
from nova_lite import objects
from nova_lite.policies import availability_zone as policies

CONF = nova_lite.conf.CONF

COMPUTE_BINARY = 'nova-lite-compute'
# Not maintained like the other services; never listed under a host.
_API_BINARIES = ('nova-lite-api',)


def _authorize(action):
    context = pecan.request.context
    policy.authorize(context, policies.POLICY_ROOT % action, {})
    return context


def _zone_of(service):
    if service.availability_zone:
        return service.availability_zone
    if service.binary == COMPUTE_BINARY:
        return CONF.default_availability_zone
    return CONF.internal_service_availability_zone


def _zones(services):
    """(available, not available) zone names, in the services' order.

    A zone is available when one of its services is enabled.
    """
    available, not_available = [], []
    for service in services:
        zone = _zone_of(service)
        if not service.disabled and zone not in available:
            available.append(zone)
    for service in services:
        zone = _zone_of(service)
        if zone not in available and zone not in not_available:
            not_available.append(zone)
    return available, not_available


class AvailabilityZoneController(base.Controller):

    _custom_actions = {'detail': ['GET']}

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        context = _authorize('list')
        available, not_available = _zones(
            objects.ServiceList.get_all(context))
        return views.index(available, not_available,
                           CONF.internal_service_availability_zone)

    @pecan.expose('json')
    @validation.query_schema(schemas.detail_query)
    @validation.response_body_schemas(schemas.detail_response)
    def detail(self):
        context = _authorize('detail')
        services = objects.ServiceList.get_all(context)
        available, not_available = _zones(services)
        enabled_by_zone = {}
        for service in services:
            if not service.disabled and service.binary not in _API_BINARIES:
                enabled_by_zone.setdefault(_zone_of(service), []).append(
                    service)
        return views.detail(available, not_available, enabled_by_zone)
