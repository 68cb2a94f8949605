"""Error bodies and the version documents (``/`` and ``/v2.1``)."""

from tests.api_schemas import types

# HTTP code -> the fault name Nova wraps an error of that code in.
FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    406: 'notAcceptable',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    500: 'computeFault',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}


def error(version=None, admin=None, code=None):
    """``{"<faultName>": {"code": N, "message": "..."}}``; one key only.

    With ``code`` the fault name and the code inside must match it.
    """
    names = [FAULT_NAMES[code]] if code else sorted(set(FAULT_NAMES.values()))
    codes = [code] if code else sorted(FAULT_NAMES)
    fault = {
        'type': 'object',
        'properties': {
            'code': {'type': 'integer', 'enum': codes},
            'message': {'type': 'string', 'minLength': 1},
        },
        'required': ['code', 'message'],
        'additionalProperties': False,
    }
    return {
        'type': 'object',
        'properties': {name: fault for name in names},
        'minProperties': 1,
        'maxProperties': 1,
        'additionalProperties': False,
    }


_VERSION_STRING = {'type': 'string', 'pattern': r'^(\d+\.\d+)?$'}

_VERSION = {
    'type': 'object',
    'properties': {
        'id': {'type': 'string', 'pattern': r'^v\d+(\.\d+)?$'},
        'status': {'type': 'string',
                   'enum': ['CURRENT', 'SUPPORTED', 'DEPRECATED']},
        'version': _VERSION_STRING,
        'min_version': _VERSION_STRING,
        'updated': types.ISO_TIME_Z,
        'links': types.LINKS,
    },
    'required': ['id', 'status', 'version', 'min_version', 'updated',
                 'links'],
    'additionalProperties': False,
}


def versions(version=None, admin=None):
    """GET / : every API version, the current one with its microversions."""
    return {
        'type': 'object',
        'properties': {'versions': {'type': 'array', 'minItems': 1,
                                    'items': _VERSION}},
        'required': ['versions'],
        'additionalProperties': False,
    }


def version(version=None, admin=None):
    """GET /v2.1 : the document of one version, with its media types."""
    one = dict(_VERSION)
    one['properties'] = dict(_VERSION['properties'], **{
        'media-types': {
            'type': 'array',
            'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {
                    'base': {'const': 'application/json'},
                    'type': {'type': 'string', 'pattern':
                             '^application/vnd.openstack.compute'
                             r'\+json;version=2(\.\d+)?$'},
                },
                'required': ['base', 'type'],
                'additionalProperties': False,
            },
        },
    })
    one['required'] = _VERSION['required'] + ['media-types']
    return {
        'type': 'object',
        'properties': {'version': one},
        'required': ['version'],
        'additionalProperties': False,
    }
