"""Request schemas of /os-keypairs (Nova's, up to 2.60)."""

import copy

from nova_lite.api.validation import parameter_types

create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'public_key': {'type': 'string'},
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

# 2.2: the key's type.
create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509']}

# 2.10: an administrator creates a key pair for another user.
create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string'}

# Query strings. Unknown parameters are ignored (as Nova before 2.75).
index_query_v210 = {
    'type': 'object',
    'properties': {
        'user_id': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

index_query_v235 = copy.deepcopy(index_query_v210)
index_query_v235['properties'].update({
    'limit': parameter_types.non_negative_integer_param,
    'marker': parameter_types.multi_params({'type': 'string'}),
})

# GET and DELETE /os-keypairs/{name}?user_id= (2.10).
show_query_v210 = copy.deepcopy(index_query_v210)
