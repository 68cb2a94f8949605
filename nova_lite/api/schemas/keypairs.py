"""Request and response schemas of /os-keypairs (Nova's)."""

import copy

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
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

# --- responses -------------------------------------------------------------

# 2.2 adds ``type``; 2.35 pages the list (``keypairs_links``).
_RESPONSE_VERSIONS = ['2.1', '2.2', '2.35']

_INDEX_FIELDS = {
    'name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'public_key': {'type': 'string', 'minLength': 1},
    'fingerprint': {'type': 'string', 'minLength': 1},
}
_CREATE_FIELDS = dict(_INDEX_FIELDS, user_id=response_types.STRING,
                      private_key=response_types.STRING)
_SHOW_FIELDS = dict(_INDEX_FIELDS, user_id=response_types.STRING,
                    id=response_types.INTEGER,
                    created_at=response_types.DB_TIME,
                    updated_at=response_types.DB_TIME,
                    deleted=response_types.BOOLEAN,
                    deleted_at=response_types.DB_TIME)


def _keypair(version, fields, optional=()):
    fields = dict(fields)
    if response_types.at_least(version, '2.2'):
        fields['type'] = {'enum': ['ssh', 'x509']}
    return response_types.obj(fields, optional=optional)


def _index(version):
    item = response_types.wrapped('keypair',
                                  _keypair(version, _INDEX_FIELDS))
    return response_types.collection(
        'keypairs', item, paged=response_types.at_least(version, '2.35'))


def _show(version):
    return response_types.wrapped('keypair', _keypair(version, _SHOW_FIELDS))


def _create(version):
    # ``private_key``: only when the key pair was generated.
    return response_types.wrapped('keypair', _keypair(
        version, _CREATE_FIELDS, optional=['private_key']))


index_response = validation.by_version(_index, _RESPONSE_VERSIONS)
show_response = validation.by_version(_show, _RESPONSE_VERSIONS)
create_response = validation.by_version(_create, _RESPONSE_VERSIONS)
# DELETE: 202 before 2.2, 204 from it; no body.
delete_response = [(None, '2.1', None)]

# Before 2.10 (and on POST) no query parameter is read: anything goes.
any_query = parameter_types.any_query
