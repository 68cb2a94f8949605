"""Request and response schemas of /flavors (Nova's)."""

import copy

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
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

# The query of the routes that read none: anything, ignored.
any_query = parameter_types.any_query

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

# --- responses -------------------------------------------------------------

# ``swap`` and ``rxtx_factor`` show "" when unset (before 2.75, as Nova);
# 2.55 adds ``description``; 2.61 the flavor's extra specs (shown when
# the extra specs policy allows).
_RESPONSE_VERSIONS = ['2.1', '2.55', '2.61']

_BASIC = {
    'id': response_types.STRING,
    'name': response_types.STRING,
    'links': response_types.SELF_AND_BOOKMARK,
}

_DETAIL = dict(_BASIC, **{
    'ram': response_types.INTEGER,
    'vcpus': response_types.INTEGER,
    'disk': response_types.INTEGER,
    'swap': {'anyOf': [{'type': 'integer', 'minimum': 1}, {'const': ''}]},
    'OS-FLV-EXT-DATA:ephemeral': response_types.INTEGER,
    'OS-FLV-DISABLED:disabled': response_types.BOOLEAN,
    'os-flavor-access:is_public': response_types.BOOLEAN,
    'rxtx_factor': {'anyOf': [{'type': 'number', 'exclusiveMinimum': 0},
                              {'const': ''}]},
})


def _flavor(properties, version):
    detailed = 'ram' in properties
    properties = dict(properties)
    optional = []
    if response_types.at_least(version, '2.55'):
        properties['description'] = response_types.NULLABLE_STRING
    if detailed and response_types.at_least(version, '2.61'):
        properties['extra_specs'] = {
            'type': 'object', 'additionalProperties': response_types.STRING}
        optional.append('extra_specs')
    return response_types.obj(properties, optional=optional)


def _index(version):
    return response_types.collection('flavors', _flavor(_BASIC, version))


def _detail(version):
    return response_types.collection('flavors', _flavor(_DETAIL, version))


def _show(version):
    return response_types.wrapped('flavor', _flavor(_DETAIL, version))


index_response = validation.by_version(_index, _RESPONSE_VERSIONS)
detail_response = validation.by_version(_detail, _RESPONSE_VERSIONS)
# GET /flavors/{id}, and the body of POST and PUT.
show_response = validation.by_version(_show, _RESPONSE_VERSIONS)
# DELETE /flavors/{id}: 202, no body.
delete_response = [(None, '2.1', None)]
