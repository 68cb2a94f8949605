"""Reusable pieces of request schemas (Nova's parameter types)."""

import copy

MAX_INT = 0x7FFFFFFF

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
             'YES', 'Yes', 'yes',
             False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
             'NO', 'No', 'no'],
}

# Printable characters, no leading or trailing whitespace (format 'name'
# is checked by nova_lite.api.validation).
name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'format': 'name'}

description = {'type': ['string', 'null'], 'minLength': 0,
               'maxLength': 65535, 'pattern': r'^[^\x00-\x1f\x7f]*$'}

positive_integer = {'type': ['integer', 'string'],
                    'pattern': '^[0-9]*$', 'minimum': 1, 'maximum': MAX_INT,
                    'minLength': 1}

non_negative_integer = {'type': ['integer', 'string'],
                        'pattern': '^[0-9]*$', 'minimum': 0,
                        'maximum': MAX_INT, 'minLength': 1}

uuid = {'type': 'string', 'format': 'uuid'}

# Query parameters arrive as lists of strings (?a=1&a=2).
single_param = {'type': 'array', 'items': {'type': 'string'},
                'maxItems': 1}


def multi_params(schema):
    """A query parameter (possibly repeated), each value ``schema``."""
    return {'type': 'array', 'items': copy.deepcopy(schema)}


non_negative_integer_param = multi_params(
    {'type': 'string', 'pattern': '^[0-9]+$'})

# The query string of a route that reads no parameter: anything is
# accepted and ignored (as Nova's before 2.75).
any_query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
