"""Response schemas of /os-services: 2.1, 2.11 (``forced_down``), 2.53
(uuid ids, ``PUT /os-services/{id}`` answering the whole service)."""

from tests.api_schemas import types

_INT_ID = {'type': 'integer'}


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


def _service(version):
    props = {
        'id': types.UUID if _at_least(version, '2.53') else _INT_ID,
        'binary': {'type': 'string'},
        'host': {'type': 'string'},
        'zone': {'type': 'string'},
        'status': {'enum': ['enabled', 'disabled']},
        'state': {'enum': ['up', 'down']},
        'updated_at': types.USAGE_TIME,
        'disabled_reason': types.NULLABLE_STRING,
    }
    if _at_least(version, '2.11'):
        props['forced_down'] = {'type': 'boolean'}
    return {'type': 'object', 'properties': props,
            'required': sorted(props), 'additionalProperties': False}


def index(version, admin=None):
    return {'type': 'object',
            'properties': {'services': {'type': 'array',
                                        'items': _service(version)}},
            'required': ['services'], 'additionalProperties': False}


def show(version, admin=None):
    """``PUT /os-services/{uuid}`` (2.53)."""
    return {'type': 'object',
            'properties': {'service': _service(version)},
            'required': ['service'], 'additionalProperties': False}


def action(version, admin=None):
    """The PUT actions below 2.53: host and binary, plus status (and the
    reason of a disable-log-reason) or forced_down."""
    status = {
        'type': 'object',
        'properties': {'host': {'type': 'string'},
                       'binary': {'type': 'string'},
                       'status': {'enum': ['enabled', 'disabled']},
                       'disabled_reason': {'type': 'string'}},
        'required': ['host', 'binary', 'status'],
        'additionalProperties': False,
    }
    forced = {
        'type': 'object',
        'properties': {'host': {'type': 'string'},
                       'binary': {'type': 'string'},
                       'forced_down': {'type': 'boolean'}},
        'required': ['host', 'binary', 'forced_down'],
        'additionalProperties': False,
    }
    return {'type': 'object',
            'properties': {'service': {'oneOf': [status, forced]}},
            'required': ['service'], 'additionalProperties': False}
