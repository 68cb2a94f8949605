"""/flavors: list, show, create, update (2.55) and delete flavors."""

from oslo_utils import strutils
import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api.openstack.compute import flavor_access
from nova_lite.api.openstack.compute import flavor_extra_specs
from nova_lite.api import policy
from nova_lite.api.schemas import flavors as schemas
from nova_lite.api import validation
from nova_lite.api.views import flavors as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import flavor_extra_specs as extra_specs_policies
from nova_lite.policies import flavor_manage as policies


def _is_public_filter(request):
    """Admins choose with ?is_public=true|false|none; others see public
    flavors plus the private ones shared with their project."""
    value = request.GET.get('is_public')
    if not request.context.is_admin or value is None:
        return True
    if value.lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.Invalid('Invalid is_public filter [%s]' % value)


def _int_filter(request, param):
    value = request.GET.get(param)
    try:
        return None if value is None else int(value)
    except ValueError:
        raise exception.Invalid('Invalid %s filter [%s]' % (param, value))


def _list_filters(request):
    filters = {'is_public': _is_public_filter(request)}
    if not request.context.is_admin:
        filters['disabled'] = False
    for param, key in (('minRam', 'min_memory_mb'),
                       ('minDisk', 'min_root_gb')):
        value = _int_filter(request, param)
        if value is not None:
            filters[key] = value
    return filters


def _show_extra_specs(request):
    """2.61: flavors show their extra specs to who may list them."""
    if not microversion.supports_flavor_extra_specs(request):
        return False
    try:
        policy.authorize(request.context,
                         extra_specs_policies.POLICY_ROOT % 'index')
    except exception.PolicyNotAuthorized:
        return False
    return True


def _new_flavor(context, values):
    return objects.Flavor(
        context,
        name=values['name'],
        memory_mb=int(values['ram']),
        vcpus=int(values['vcpus']),
        root_gb=int(values['disk']),
        ephemeral_gb=int(values.get('OS-FLV-EXT-DATA:ephemeral', 0)),
        swap=int(values.get('swap', 0)),
        rxtx_factor=float(values.get('rxtx_factor', 1.0)),
        is_public=strutils.bool_from_string(
            values.get('os-flavor-access:is_public', True), strict=True),
        description=values.get('description'))


class FlavorsController(base.Controller):

    _custom_actions = {'detail': ['GET']}

    def _list(self, detailed):
        request = pecan.request
        limit, marker = common.limit_and_marker(request)
        try:
            flavors = objects.FlavorList.get_all(
                request.context, filters=_list_filters(request),
                sort_key=request.GET.get('sort_key', 'flavorid'),
                sort_dir=request.GET.get('sort_dir', 'asc'),
                limit=limit, marker=marker)
        except exception.MarkerNotFound:
            raise exception.Invalid('marker [%s] not found' % marker)
        return views.index(request, flavors, limit, detailed=detailed,
                           extra_specs=detailed and _show_extra_specs(
                               request))

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        return self._list(detailed=False)

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.detail_response)
    def detail(self):
        return self._list(detailed=True)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, flavor_id):
        flavor = objects.Flavor.get_by_flavor_id(pecan.request.context,
                                                 flavor_id)
        return views.show(pecan.request, flavor,
                          _show_extra_specs(pecan.request))

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    @validation.schema(schemas.create, '2.1', '2.54')
    @validation.schema(schemas.create_v255, '2.55')
    def post(self, body):
        context = pecan.request.context
        policy.authorize(context, policies.POLICY_ROOT % 'create')
        values = body['flavor']
        flavor = _new_flavor(context, values)
        if values.get('id') is not None:
            flavor.flavorid = str(values['id'])
        flavor.create()
        return views.show(pecan.request, flavor,
                          _show_extra_specs(pecan.request))

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    @validation.schema(schemas.update_v255, '2.55')
    def put(self, flavor_id, body):
        request = pecan.request
        if not microversion.supports_flavor_description(request):
            raise common.version_not_found()
        policy.authorize(request.context, policies.POLICY_ROOT % 'update')
        flavor = objects.Flavor.get_by_flavor_id(request.context, flavor_id)
        flavor.description = body['flavor']['description']
        flavor.save()
        return views.show(request, flavor, _show_extra_specs(request))

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.delete_response)
    def delete(self, flavor_id):
        context = pecan.request.context
        policy.authorize(context, policies.POLICY_ROOT % 'delete')
        objects.Flavor.get_by_flavor_id(context, flavor_id).destroy()
        return common.empty_response(202)


pecan.route(FlavorsController, 'os-extra_specs',
            flavor_extra_specs.FlavorExtraSpecsController())
pecan.route(FlavorsController, 'os-flavor-access',
            flavor_access.FlavorAccessController())
pecan.route(FlavorsController, 'action',
            flavor_access.FlavorActionController())
