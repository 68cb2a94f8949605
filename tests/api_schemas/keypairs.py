"""Response schemas of /os-keypairs at 2.1, 2.2 (``type``) and 2.35
(``keypairs_links``); ``private_key`` only in the answer to a create that
generated the key pair.
"""

from tests.api_schemas import types

_TIME = dict(types.USAGE_TIME, type='string')
_FINGERPRINT = {'type': 'string',
                'pattern': '^([0-9a-f]{2}:){15,19}[0-9a-f]{2}$'}


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


def _keypair(version, props, optional=()):
    props = dict(props)
    if _at_least(version, '2.2'):
        props['type'] = {'type': 'string', 'enum': ['ssh', 'x509']}
    return {'type': 'object', 'properties': props,
            'required': sorted(set(props) - set(optional)),
            'additionalProperties': False}


_INDEX = {
    'name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'public_key': {'type': 'string', 'minLength': 1},
    'fingerprint': _FINGERPRINT,
}
_CREATE = dict(_INDEX, user_id={'type': 'string'},
               private_key={'type': 'string',
                            'pattern': '^-----BEGIN [A-Z ]*PRIVATE KEY'})
_SHOW = dict(_INDEX, user_id={'type': 'string'},
             id={'type': 'integer'},
             created_at=_TIME,
             updated_at=types.USAGE_TIME,
             deleted={'const': False},
             deleted_at={'type': 'null'})


def create(version, admin=None):
    return {'type': 'object',
            'properties': {'keypair': _keypair(version, _CREATE,
                                               optional=['private_key'])},
            'required': ['keypair'], 'additionalProperties': False}


def show(version, admin=None):
    return {'type': 'object',
            'properties': {'keypair': _keypair(version, _SHOW)},
            'required': ['keypair'], 'additionalProperties': False}


def index(version, admin=None):
    item = {'type': 'object',
            'properties': {'keypair': _keypair(version, _INDEX)},
            'required': ['keypair'], 'additionalProperties': False}
    props = {'keypairs': {'type': 'array', 'items': item}}
    if _at_least(version, '2.35'):
        props['keypairs_links'] = types.COLLECTION_LINKS
    return {'type': 'object', 'properties': props,
            'required': ['keypairs'], 'additionalProperties': False}
