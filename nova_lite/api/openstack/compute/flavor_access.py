"""Who may use a private flavor: /flavors/{id}/os-flavor-access and the
addTenantAccess / removeTenantAccess actions of /flavors/{id}/action."""

import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import flavor_access as schemas
from nova_lite.api import validation
from nova_lite.api.views import flavors as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import flavor_access as policies


class FlavorAccessController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.access_list_response)
    def get_all(self, flavor_id):
        context = pecan.request.context
        policy.authorize(context, policies.BASE_POLICY_NAME)
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        if flavor.is_public:
            raise exception.FlavorAccessListPublic()
        return views.access_list(flavor)


class FlavorActionController(base.Controller):

    _ACTIONS = {
        'addTenantAccess': ('add_tenant_access', schemas.add_tenant_access),
        'removeTenantAccess': ('remove_tenant_access',
                               schemas.remove_tenant_access),
    }

    @classmethod
    def action_table(cls):
        """{name: action_registry.Action} of the actions served here, with
        their request and response schemas (for the route walker and the
        negative tests; dispatch is ``post``'s)."""
        return {name: action_registry.Action(
                    name, None, [(schema, None, None)],
                    schemas.access_list_response, 200)
                for name, (_rule, schema) in cls._ACTIONS.items()}

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.access_list_response)
    @validation.schema(schemas.action_body)
    def post(self, flavor_id, body):
        request = pecan.request
        name = common.action_name(body, self._ACTIONS)
        rule, schema = self._ACTIONS[name]
        policy.authorize(request.context, policies.POLICY_ROOT % rule)
        validation.validate(schema, body)
        project_id = body[name]['tenant']
        flavor = objects.Flavor.get_by_flavor_id(request.context, flavor_id)
        if name == 'addTenantAccess':
            if (flavor.is_public and
                    microversion.rejects_access_to_public_flavor(request)):
                raise exception.FlavorAccessPublic()
            flavor.add_access(project_id)
        else:
            flavor.remove_access(project_id)
        return views.access_list(flavor)
