"""Request and response schemas of /flavors/{id}/os-extra_specs (Nova's)."""

import copy

from nova_lite.api.schemas import response_types
from nova_lite.api.validation import parameter_types

# No route here reads a query parameter: anything, ignored.
any_query = parameter_types.any_query

_specs = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {
            'type': ['string', 'number', 'boolean'],
            'minLength': 0, 'maxLength': 255,
        },
    },
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'extra_specs': _specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

update = copy.deepcopy(_specs)
update.update({'minProperties': 1, 'maxProperties': 1})

# --- responses -------------------------------------------------------------

_VALUES = {'type': 'object', 'additionalProperties': {'type': 'string'}}

# GET and POST .../os-extra_specs: {"extra_specs": {key: value}}.
index_response = [(response_types.wrapped('extra_specs', _VALUES), '2.1',
                   None)]
create_response = index_response
# GET and PUT .../os-extra_specs/{key}: {key: value}, one key.
show_response = [(dict(_VALUES, minProperties=1, maxProperties=1), '2.1',
                  None)]
update_response = show_response
# DELETE: an empty 200.
delete_response = [(None, '2.1', None)]
