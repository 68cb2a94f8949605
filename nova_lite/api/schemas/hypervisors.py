"""Query string schemas of /os-hypervisors (Nova's, up to 2.60)."""

from nova_lite.api.validation import parameter_types

_fqdn = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^[a-zA-Z0-9-._]*$'}
_limit = {'type': 'array', 'maxItems': 1,
          'items': {'type': 'string', 'pattern': '^[0-9]+$'}}

# 2.33: paging.
index_query_v233 = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.non_negative_integer_param,
        'marker': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

# 2.53: one value each, a hostname search, the servers of each node; and
# nothing else.
index_query_v253 = {
    'type': 'object',
    'properties': {
        'limit': _limit,
        'marker': parameter_types.single_param,
        'hypervisor_hostname_pattern': {
            'type': 'array', 'maxItems': 1, 'items': _fqdn},
        'with_servers': {
            'type': 'array', 'maxItems': 1, 'items': parameter_types.boolean},
    },
    'additionalProperties': False,
}

show_query_v253 = {
    'type': 'object',
    'properties': {
        'with_servers': index_query_v253['properties']['with_servers'],
    },
    'additionalProperties': False,
}
