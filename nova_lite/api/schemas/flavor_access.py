"""Request and response schemas of the flavor access list and actions
(Nova's)."""

from nova_lite.api.schemas import response_types
from nova_lite.api.validation import parameter_types

any_query = parameter_types.any_query

# POST /flavors/{id}/action: one key, the action (checked by name, then
# with the action's own schema).
action_body = {'type': 'object', 'minProperties': 1, 'maxProperties': 1}


def _action(name):
    return {
        'type': 'object',
        'properties': {
            name: {
                'type': 'object',
                'properties': {
                    'tenant': {'type': 'string', 'minLength': 1,
                               'maxLength': 255},
                },
                'required': ['tenant'],
                'additionalProperties': False,
            },
        },
        'required': [name],
        'additionalProperties': False,
    }


add_tenant_access = _action('addTenantAccess')
remove_tenant_access = _action('removeTenantAccess')

# --- responses -------------------------------------------------------------

# GET .../os-flavor-access and both actions: the flavor's access list.
access_list_response = [(response_types.collection(
    'flavor_access',
    response_types.obj({'flavor_id': response_types.STRING,
                        'tenant_id': response_types.STRING}),
    paged=False), '2.1', None)]
