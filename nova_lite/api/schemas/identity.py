"""Request and response schemas of ``/identity``: the identity v3 version
documents and the noauth2 shim's token request (Keystone's shapes)."""

from nova_lite.api.schemas import response_types as types
from nova_lite.api.validation import parameter_types

any_query = parameter_types.any_query

# POST /identity/v3/auth/tokens: Keystone's form; the controller accepts
# the "token" method only. Scopes and other keys are left to Keystone's
# rules (allowed, not read).
token_request = {
    'type': 'object',
    'properties': {
        'auth': {
            'type': 'object',
            'properties': {
                'identity': {
                    'type': 'object',
                    'properties': {
                        'methods': {'type': 'array', 'minItems': 1,
                                    'items': {'type': 'string'}},
                        'token': {
                            'type': 'object',
                            'properties': {'id': {'type': 'string'}},
                            'required': ['id'],
                        },
                    },
                    'required': ['methods'],
                },
                'scope': {'type': ['object', 'string']},
            },
            'required': ['identity'],
        },
    },
    'required': ['auth'],
}

_V3 = types.obj({
    'id': {'type': 'string', 'pattern': r'^v3(\.\d+)?$'},
    'status': {'enum': ['stable', 'experimental', 'deprecated']},
    'updated': types.ISO_TIME_Z,
    'links': types.LINKS,
    'media-types': {'type': 'array', 'items': types.obj(
        {'base': types.STRING, 'type': types.STRING})},
})

# GET /identity (300): {"versions": {"values": [v3]}}.
root_response = [(types.wrapped('versions', types.wrapped(
    'values', {'type': 'array', 'items': _V3})), '2.1', None)]
v3_response = [(types.wrapped('version', _V3), '2.1', None)]

_NAMED = types.obj({'id': types.STRING, 'name': types.STRING})
_DOMAIN = _NAMED
_ENDPOINT = types.obj({
    'id': types.STRING, 'interface': {'enum': ['public', 'internal',
                                               'admin']},
    'region': types.STRING, 'region_id': types.STRING, 'url': types.HREF})
_TIME = {'type': 'string',
         'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$'}

token_response = [(types.wrapped('token', types.obj({
    'methods': {'type': 'array', 'items': types.STRING},
    'issued_at': _TIME,
    'expires_at': _TIME,
    'audit_ids': {'type': 'array', 'items': types.STRING},
    'user': types.obj({'id': types.STRING, 'name': types.STRING,
                       'domain': _DOMAIN,
                       'password_expires_at': {'type': 'null'}}),
    'project': types.obj({'id': types.STRING, 'name': types.STRING,
                          'domain': _DOMAIN}),
    'roles': {'type': 'array', 'items': _NAMED},
    'is_domain': types.BOOLEAN,
    'catalog': {'type': 'array', 'items': types.obj({
        'id': types.STRING, 'type': types.STRING, 'name': types.STRING,
        'endpoints': {'type': 'array', 'items': _ENDPOINT}})},
})), '2.1', None)]

# GET /identity/v3/projects[?name=]
projects_query = {
    'type': 'object',
    'properties': {
        'name': {'type': 'array', 'items': {'type': 'string'}},
    },
    'additionalProperties': True,
}

_PROJECT = types.obj({
    'id': types.STRING, 'name': types.STRING, 'domain_id': types.STRING,
    'enabled': types.BOOLEAN, 'is_domain': types.BOOLEAN,
    'parent_id': types.STRING, 'description': types.STRING,
    'tags': {'type': 'array'},
    'links': types.obj({'self': types.HREF}),
})
project_response = [(types.wrapped('project', _PROJECT), '2.1', None)]
projects_response = [(types.obj({
    'projects': {'type': 'array', 'items': _PROJECT},
    'links': types.obj({'self': types.HREF,
                        'next': {'type': 'null'},
                        'previous': {'type': 'null'}}),
}), '2.1', None)]
