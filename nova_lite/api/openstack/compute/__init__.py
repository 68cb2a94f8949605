"""``/v2.1``: the compute API; one controller module per resource."""

import pecan

from nova_lite.api.openstack.compute import flavors
from nova_lite.api.openstack.compute import servers
from nova_lite.api.views import versions


class V21Controller:

    flavors = flavors.FlavorsController()
    servers = servers.ServersController()

    @pecan.expose('json')
    def index(self):
        return versions.version_document(pecan.request)
