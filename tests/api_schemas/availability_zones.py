"""Response schemas of /os-availability-zone (the same at every version).

The list has ``hosts: null``; the detail maps each host of an available
zone to its services (``{binary: {available, active, updated_at}}``).
"""

from tests.api_schemas import types

_SERVICE = {
    'type': 'object',
    'properties': {'available': {'type': 'boolean'},
                   'active': {'type': 'boolean'},
                   'updated_at': types.USAGE_TIME},
    'required': ['available', 'active', 'updated_at'],
    'additionalProperties': False,
}

_HOSTS = {
    'type': 'object',
    'additionalProperties': {'type': 'object',
                             'additionalProperties': _SERVICE},
}


def _collection(hosts):
    zone = {
        'type': 'object',
        'properties': {
            'zoneName': {'type': 'string', 'minLength': 1},
            'zoneState': {
                'type': 'object',
                'properties': {'available': {'type': 'boolean'}},
                'required': ['available'],
                'additionalProperties': False,
            },
            'hosts': hosts,
        },
        'required': ['zoneName', 'zoneState', 'hosts'],
        'additionalProperties': False,
    }
    return {'type': 'object',
            'properties': {'availabilityZoneInfo': {'type': 'array',
                                                    'items': zone}},
            'required': ['availabilityZoneInfo'],
            'additionalProperties': False}


def index(version=None, admin=None):
    return _collection({'type': 'null'})


def detail(version=None, admin=None):
    return _collection({'anyOf': [{'type': 'null'}, _HOSTS]})
