"""``/v2.1``: the compute API; one controller module per resource."""

import pecan

from nova_lite.api.openstack.compute import aggregates
from nova_lite.api.openstack.compute import availability_zone
from nova_lite.api.openstack.compute import flavors
from nova_lite.api.openstack.compute import hypervisors
from nova_lite.api.openstack.compute import keypairs
from nova_lite.api.openstack.compute import limits
from nova_lite.api.openstack.compute import servers
from nova_lite.api.openstack.compute import services
from nova_lite.api.views import versions


class V21Controller:

    flavors = flavors.FlavorsController()
    limits = limits.LimitsController()
    servers = servers.ServersController()

    @pecan.expose('json')
    def index(self):
        return versions.version_document(pecan.request)


# Path segments that are not Python identifiers.
pecan.route(V21Controller, 'os-aggregates', aggregates.AggregatesController())
pecan.route(V21Controller, 'os-availability-zone',
            availability_zone.AvailabilityZoneController())
pecan.route(V21Controller, 'os-hypervisors',
            hypervisors.HypervisorsController())
pecan.route(V21Controller, 'os-keypairs', keypairs.KeypairsController())
pecan.route(V21Controller, 'os-services', services.ServicesController())
