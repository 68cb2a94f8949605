"""Query and response schemas of the version documents: ``GET /`` (every
API version) and ``GET /v2.1`` (one, with its media types)."""

from nova_lite.api.schemas import response_types as types
from nova_lite.api.validation import parameter_types

index_query = parameter_types.any_query

_VERSION_STRING = {'type': 'string', 'pattern': r'^(\d+\.\d+)?$'}

_VERSION_FIELDS = {
    'id': {'type': 'string', 'pattern': r'^v\d+(\.\d+)?$'},
    'status': {'enum': ['CURRENT', 'SUPPORTED', 'DEPRECATED']},
    'version': _VERSION_STRING,
    'min_version': _VERSION_STRING,
    'updated': types.ISO_TIME_Z,
    'links': types.LINKS,
}

_MEDIA_TYPE = types.obj({
    'base': {'const': 'application/json'},
    'type': {'type': 'string', 'pattern':
             r'^application/vnd\.openstack\.compute\+json;version=2\.1$'},
})

versions_response = [(types.collection(
    'versions', types.obj(_VERSION_FIELDS), paged=False), '2.1', None)]

_MEDIA_TYPES = {'type': 'array', 'minItems': 1, 'items': _MEDIA_TYPE}

version_response = [(types.wrapped('version', types.obj(dict(
    _VERSION_FIELDS, **{'media-types': _MEDIA_TYPES}))), '2.1', None)]
