"""/image/v2/images[/{image_id}]: list and show images (Glance v2)."""

import pecan

from nova_lite.api import common
from nova_lite.api.openstack import base
from nova_lite.api.schemas import images as schemas
from nova_lite.api import validation
from nova_lite.api.views import images as views
from nova_lite import exception
from nova_lite import objects

FILTERS = ('name', 'status', 'visibility', 'owner')
VISIBILITIES = ('public', 'private', 'shared', 'community', 'all')
DEFAULT_LIMIT = 25  # Glance's limit_param_default


def _limit(request):
    limit, _marker = common.limit_and_marker(request)
    if request.GET.get('limit') is None:
        limit = min(DEFAULT_LIMIT, limit)
    return limit


def _filters(request):
    filters = {key: request.GET[key] for key in FILTERS
               if key in request.GET}
    visibility = filters.get('visibility')
    if visibility is not None and visibility not in VISIBILITIES:
        raise exception.Invalid('Invalid visibility value: %s' % visibility)
    return filters


class ImagesController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        request = pecan.request
        limit = _limit(request)
        images = objects.ImageList.get_all(
            request.context, filters=_filters(request), limit=limit,
            marker=request.GET.get('marker'),
            sort_key=request.GET.get('sort_key', 'created_at'),
            sort_dir=request.GET.get('sort_dir', 'desc'))
        return views.index(request, images, limit)

    @pecan.expose('json')
    @validation.query_schema(schemas.show_query)
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, image_id):
        try:
            image = objects.Image.get_by_id(pecan.request.context, image_id)
        except exception.ImageNotFound:
            raise exception.ImageNotFound(
                'No image found with ID %s' % image_id, image_id=image_id)
        return views.show(image)
