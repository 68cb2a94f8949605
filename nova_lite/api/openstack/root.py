"""The root of the URL tree: ``GET /`` lists the API versions.

Below it: ``/v2.1`` (compute), ``/image`` (a Glance v2 subset) and
``/identity`` (identity v3 version documents for clients' discovery).
"""

import pecan

from nova_lite.api.openstack import compute
from nova_lite.api.openstack import identity
from nova_lite.api.openstack import image
from nova_lite.api.schemas import versions as schemas
from nova_lite.api import validation
from nova_lite.api.views import versions


class RootController:

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.versions_response)
    def index(self):
        return versions.versions_list(pecan.request)


# Path segments that are not Python identifiers.
pecan.route(RootController, 'v2.1', compute.V21Controller())
pecan.route(RootController, 'image', image.ImageRootController())
pecan.route(RootController, 'identity', identity.IdentityRootController())
