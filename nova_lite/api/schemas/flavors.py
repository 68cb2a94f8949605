"""Request schemas of /flavors (Nova's)."""

import copy

from nova_lite.api.validation import parameter_types

_flavor = {
    'type': 'object',
    'properties': {
        'name': parameter_types.name,
        # Leading/trailing spaces are refused; a missing or null id is
        # generated (a uuid).
        'id': {'type': ['string', 'number', 'null'],
               'minLength': 1, 'maxLength': 255,
               'pattern': r'^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
        'ram': parameter_types.positive_integer,
        'vcpus': parameter_types.positive_integer,
        'disk': parameter_types.non_negative_integer,
        'OS-FLV-EXT-DATA:ephemeral': parameter_types.non_negative_integer,
        'swap': parameter_types.non_negative_integer,
        'rxtx_factor': {'type': ['number', 'string'],
                        'pattern': r'^[0-9]+(\.[0-9]+)?$',
                        'minimum': 0, 'exclusiveMinimum': True,
                        'maximum': 3.40282e+38},
        'os-flavor-access:is_public': parameter_types.boolean,
    },
    'required': ['name', 'ram', 'vcpus', 'disk'],
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'flavor': _flavor},
    'required': ['flavor'],
    'additionalProperties': False,
}

create_v255 = copy.deepcopy(create)
create_v255['properties']['flavor']['properties']['description'] = (
    parameter_types.description)

update_v255 = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {'description': parameter_types.description},
            'required': ['description'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

# Sort keys Nova accepts that the flavor table here can sort by.
SORT_KEYS = ['created_at', 'ephemeral_gb', 'flavorid', 'id', 'memory_mb',
             'name', 'root_gb', 'rxtx_factor', 'swap', 'updated_at',
             'vcpus']

index_query = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.non_negative_integer_param,
        'marker': parameter_types.multi_params({'type': 'string'}),
        'is_public': parameter_types.multi_params({'type': 'string'}),
        'minRam': parameter_types.multi_params({'type': 'string'}),
        'minDisk': parameter_types.multi_params({'type': 'string'}),
        'sort_key': parameter_types.multi_params({'enum': SORT_KEYS}),
        'sort_dir': parameter_types.multi_params(
            {'enum': ['asc', 'desc']}),
    },
    # Unknown query parameters are ignored (as Nova before 2.75).
    'additionalProperties': True,
}
