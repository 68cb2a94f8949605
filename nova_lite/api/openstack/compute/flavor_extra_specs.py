"""/flavors/{flavor_id}/os-extra_specs[/{key}]."""

import pecan

from nova_lite.api import common
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import flavor_extra_specs as schemas
from nova_lite.api import validation
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import flavor_extra_specs as policies


def _as_strings(specs):
    """Numbers and booleans are stored as their string (as Nova)."""
    return {key: value if isinstance(value, str) else str(value)
            for key, value in specs.items()}


def _authorize(action):
    context = pecan.request.context
    policy.authorize(context, policies.POLICY_ROOT % action)
    return context


class FlavorExtraSpecsController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self, flavor_id):
        context = _authorize('index')
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        return {'extra_specs': flavor.extra_specs}

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, flavor_id, key):
        context = _authorize('show')
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        if key not in flavor.extra_specs:
            raise exception.FlavorExtraSpecsNotFound(
                flavor_id=flavor_id, extra_specs_key=key)
        return {key: flavor.extra_specs[key]}

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.create_response)
    @validation.schema(schemas.create)
    def post(self, flavor_id, body):
        context = _authorize('create')
        specs = _as_strings(body['extra_specs'])
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        flavor.extra_specs = dict(flavor.extra_specs, **specs)
        flavor.save()
        return {'extra_specs': specs}

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.update_response)
    @validation.schema(schemas.update)
    def put(self, flavor_id, key, body):
        context = _authorize('update')
        if key not in body:
            raise exception.Invalid('Request body and URI mismatch')
        specs = _as_strings(body)
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        flavor.extra_specs = dict(flavor.extra_specs, **specs)
        flavor.save()
        return specs

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.delete_response)
    def delete(self, flavor_id, key):
        context = _authorize('delete')
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        if key not in flavor.extra_specs:
            raise exception.FlavorExtraSpecsNotFound(
                flavor_id=flavor_id, extra_specs_key=key)
        flavor.extra_specs = {k: v for k, v in flavor.extra_specs.items()
                              if k != key}
        flavor.save()
        return common.empty_response(200)
