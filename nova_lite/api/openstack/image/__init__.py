"""``/image``: a read-only Glance v2 subset over nova_lite's image records.

Errors here are Glance's (webob error pages: JSON ``{"message": ...,
"code": "404 Not Found", "title": "Not Found"}`` for clients that accept
JSON), not the compute API's faults; see nova_lite.api.faults.
"""

import pecan

from nova_lite.api.openstack.image import images
from nova_lite.api.schemas import images as schemas
from nova_lite.api import validation
from nova_lite.api.views import images as views


class ImageV2Controller:

    images = images.ImagesController()


class ImageRootController:

    v2 = ImageV2Controller()

    @pecan.expose('json')
    @validation.query_schema(schemas.versions_query)
    @validation.response_body_schemas(schemas.versions_response)
    def index(self):
        # Glance answers its root with 300 Multiple Choices.
        pecan.response.status = 300
        return views.versions(pecan.request)

    @pecan.expose('json')
    @validation.query_schema(schemas.versions_query)
    @validation.response_body_schemas(schemas.versions_response)
    def versions(self):
        return views.versions(pecan.request)
