"""Request and response schemas of /os-server-groups (Nova's).

Up to 2.63 a group has a list of exactly one of its ``policies`` (the soft
ones from 2.15) and an always empty ``metadata``; from 2.64 it has one
``policy`` and ``rules`` (``max_server_per_host``, anti-affinity only).
2.13 adds ``project_id`` and ``user_id`` to every view.
"""

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
from nova_lite.api.validation import parameter_types

_HARD = ['anti-affinity', 'affinity']
_ALL = _HARD + ['soft-anti-affinity', 'soft-affinity']


def _create(policies_schema):
    return {
        'type': 'object',
        'properties': {
            'server_group': {
                'type': 'object',
                'properties': {
                    'name': parameter_types.name,
                    'policies': policies_schema,
                },
                'required': ['name', 'policies'],
                'additionalProperties': False,
            },
        },
        'required': ['server_group'],
        'additionalProperties': False,
    }


def _policies(allowed):
    # One policy, in a list (Nova refuses several since it stores one).
    return {'type': 'array', 'items': [{'type': 'string', 'enum': allowed}],
            'uniqueItems': True, 'minItems': 1, 'maxItems': 1,
            'additionalItems': False}


create = _create(_policies(_HARD))
create_v215 = _create(_policies(_ALL))

create_v264 = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'policy': {'type': 'string', 'enum': _ALL},
                'rules': {
                    'type': 'object',
                    'properties': {
                        'max_server_per_host':
                            parameter_types.positive_integer,
                    },
                    'additionalProperties': False,
                },
            },
            'required': ['name', 'policy'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

# Unknown parameters are ignored (as Nova's before 2.75).
index_query = {
    'type': 'object',
    'properties': {
        'all_projects': parameter_types.multi_params({'type': 'string'}),
        'limit': parameter_types.non_negative_integer_param,
        'offset': parameter_types.non_negative_integer_param,
    },
    'additionalProperties': True,
}

any_query = parameter_types.any_query

# --- responses -------------------------------------------------------------

_RESPONSE_VERSIONS = ['2.1', '2.13', '2.64']


def _group(version):
    properties = {
        'id': response_types.UUID,
        'name': response_types.STRING,
        'members': {'type': 'array', 'items': response_types.UUID},
    }
    if response_types.at_least(version, '2.64'):
        properties['policy'] = {'type': 'string', 'enum': _ALL}
        properties['rules'] = response_types.obj(
            {'max_server_per_host': {'type': 'integer', 'minimum': 1}},
            required=[])
    else:
        properties['policies'] = {
            'type': 'array', 'items': {'type': 'string', 'enum': _ALL},
            'maxItems': 1}
        properties['metadata'] = response_types.EMPTY_OBJECT
    if response_types.at_least(version, '2.13'):
        properties['project_id'] = response_types.NULLABLE_STRING
        properties['user_id'] = response_types.NULLABLE_STRING
    return response_types.obj(properties)


def _index(version):
    return response_types.collection('server_groups', _group(version),
                                     paged=False)


def _show(version):
    return response_types.wrapped('server_group', _group(version))


index_response = validation.by_version(_index, _RESPONSE_VERSIONS)
# GET /os-server-groups/{id} and POST /os-server-groups.
show_response = validation.by_version(_show, _RESPONSE_VERSIONS)
# DELETE: 204, no body.
delete_response = [(None, '2.1', None)]
