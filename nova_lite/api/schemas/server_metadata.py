"""Request and response schemas of /servers/{server_id}/metadata[/{key}].

Keys are 1 to 255 characters of ``[a-zA-Z0-9-_:. ]``, values strings of
at most 255 (Nova's ``metadata`` parameter type). Response schemas are
JSON Schema 2020-12.
"""

import copy

from nova_lite.api.schemas import servers as server_schemas
from nova_lite.api.validation import parameter_types

METADATA = server_schemas.METADATA

_ONE_ITEM = copy.deepcopy(METADATA)
_ONE_ITEM.update({'minProperties': 1, 'maxProperties': 1})

# POST /servers/{id}/metadata: add or change these items.
create = {
    'type': 'object',
    'properties': {'metadata': METADATA},
    'required': ['metadata'],
    'additionalProperties': False,
}

# PUT /servers/{id}/metadata: replace every item.
update_all = copy.deepcopy(create)

# PUT /servers/{id}/metadata/{key}: {"meta": {key: value}}.
update = {
    'type': 'object',
    'properties': {'meta': _ONE_ITEM},
    'required': ['meta'],
    'additionalProperties': False,
}

# No route here reads a query parameter: anything, ignored (as Nova).
query = parameter_types.any_query

_STRINGS = {'type': 'object', 'additionalProperties': {'type': 'string'}}

metadata_response = {
    'type': 'object',
    'properties': {'metadata': _STRINGS},
    'required': ['metadata'],
    'additionalProperties': False,
}

meta_response = {
    'type': 'object',
    'properties': {'meta': dict(_STRINGS, minProperties=1,
                                maxProperties=1)},
    'required': ['meta'],
    'additionalProperties': False,
}
