"""``/v2.1``: the compute API; one controller module per resource."""

import pecan

from nova_lite.api.openstack.compute import aggregates
from nova_lite.api.openstack.compute import availability_zone
from nova_lite.api.openstack.compute import flavors
from nova_lite.api.openstack.compute import hypervisors
from nova_lite.api.openstack.compute import keypairs
from nova_lite.api.openstack.compute import limits
from nova_lite.api.openstack.compute import quota_sets
from nova_lite.api.openstack.compute import server_groups
from nova_lite.api.openstack.compute import servers
from nova_lite.api.openstack.compute import services
from nova_lite.api.schemas import versions as schemas
from nova_lite.api import validation
from nova_lite.api.views import versions


class V21Controller:

    flavors = flavors.FlavorsController()
    limits = limits.LimitsController()
    servers = servers.ServersController()

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.version_response)
    def index(self):
        return versions.version_document(pecan.request)


# Path segments that are not Python identifiers.
pecan.route(V21Controller, 'os-aggregates', aggregates.AggregatesController())
pecan.route(V21Controller, 'os-availability-zone',
            availability_zone.AvailabilityZoneController())
pecan.route(V21Controller, 'os-hypervisors',
            hypervisors.HypervisorsController())
pecan.route(V21Controller, 'os-keypairs', keypairs.KeypairsController())
pecan.route(V21Controller, 'os-quota-sets',
            quota_sets.QuotaSetsController())
pecan.route(V21Controller, 'os-server-groups',
            server_groups.ServerGroupsController())
pecan.route(V21Controller, 'os-services', services.ServicesController())
