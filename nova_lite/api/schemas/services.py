"""Request and response schemas of /os-services (Nova's)."""

import copy

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
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

# The query of the routes that read none: anything, ignored.
any_query = parameter_types.any_query

index_query = {
    'type': 'object',
    'properties': {
        'host': parameter_types.multi_params({'type': 'string'}),
        'binary': parameter_types.multi_params({'type': 'string'}),
    },
    # Unknown query parameters are ignored (as Nova before 2.75).
    'additionalProperties': True,
}

# --- responses -------------------------------------------------------------

# 2.11 shows ``forced_down``; 2.53 names services by uuid and
# ``PUT /os-services/{id}`` answers the whole service.
_RESPONSE_VERSIONS = ['2.1', '2.11', '2.53']


def _service(version):
    fields = {
        'id': (response_types.UUID
               if response_types.at_least(version, '2.53')
               else response_types.INTEGER),
        'binary': response_types.STRING,
        'host': response_types.STRING,
        'zone': response_types.STRING,
        'status': {'enum': ['enabled', 'disabled']},
        'state': {'enum': ['up', 'down']},
        'updated_at': response_types.DB_TIME,
        'disabled_reason': response_types.NULLABLE_STRING,
    }
    if response_types.at_least(version, '2.11'):
        fields['forced_down'] = response_types.BOOLEAN
    return response_types.obj(fields)


def _index(version):
    return response_types.collection('services', _service(version),
                                     paged=False)


# The PUT actions below 2.53 answer what they were given and what changed:
# host, binary and status (with the reason of disable-log-reason), or
# forced_down.
_ACTION_RESULT = {'anyOf': [
    response_types.obj({'host': response_types.STRING,
                        'binary': response_types.STRING,
                        'status': {'enum': ['enabled', 'disabled']},
                        'disabled_reason': response_types.STRING},
                       optional=['disabled_reason']),
    response_types.obj({'host': response_types.STRING,
                        'binary': response_types.STRING,
                        'forced_down': response_types.BOOLEAN}),
]}

index_response = validation.by_version(_index, _RESPONSE_VERSIONS)
update_response = [
    (response_types.wrapped('service', _ACTION_RESULT), '2.1', '2.52'),
    (response_types.wrapped('service', _service('2.53')), '2.53', None),
]
# DELETE: 204, no body.
delete_response = [(None, '2.1', None)]
