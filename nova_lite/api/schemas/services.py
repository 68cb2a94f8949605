"""Request schemas of /os-services (Nova's, up to 2.60)."""

import copy

from nova_lite.api.validation import parameter_types

_hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
             'pattern': '^[a-zA-Z0-9-._]*$'}
_binary = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_reason = {'type': 'string', 'minLength': 1, 'maxLength': 255}

# PUT /os-services/{enable,disable,disable-log-reason} (before 2.53).
service_update = {
    'type': 'object',
    'properties': {
        'host': _hostname,
        'binary': _binary,
        'disabled_reason': _reason,
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

# 2.11: PUT /os-services/force-down.
service_update_v211 = copy.deepcopy(service_update)
service_update_v211['properties']['forced_down'] = parameter_types.boolean

# 2.53: PUT /os-services/{service_uuid}; no field is required, but one of
# status and forced_down must be there (checked by the controller).
service_update_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': _reason,
        'forced_down': parameter_types.boolean,
    },
    'additionalProperties': False,
}

index_query = {
    'type': 'object',
    'properties': {
        'host': parameter_types.multi_params({'type': 'string'}),
        'binary': parameter_types.multi_params({'type': 'string'}),
    },
    # Unknown query parameters are ignored (as Nova before 2.75).
    'additionalProperties': True,
}
