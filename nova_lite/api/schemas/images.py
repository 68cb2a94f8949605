"""Query and response schemas of the Glance v2 subset under ``/image``
(Glance's shapes: an image is flat, its custom properties beside the
standard ones)."""

from nova_lite.api.schemas import response_types as types
from nova_lite.api.validation import parameter_types

index_query = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.non_negative_integer_param,
        'marker': parameter_types.multi_params({'type': 'string'}),
        'sort_dir': parameter_types.multi_params(
            {'enum': ['asc', 'desc']}),
    },
    # name, status, visibility, owner filter; anything else is ignored.
    'additionalProperties': True,
}
show_query = parameter_types.any_query
versions_query = parameter_types.any_query

_NULLABLE_INT = {'type': ['integer', 'null']}
_TIME = {'type': ['string', 'null'],
         'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'}

_IMAGE = types.obj({
    'id': types.UUID,
    'name': types.NULLABLE_STRING,
    'status': {'enum': ['queued', 'saving', 'active', 'killed', 'deleted',
                        'pending_delete', 'deactivated', 'uploading',
                        'importing']},
    'visibility': {'enum': ['public', 'private', 'shared', 'community']},
    'protected': types.BOOLEAN,
    'os_hidden': types.BOOLEAN,
    'checksum': types.NULLABLE_STRING,
    'os_hash_algo': types.NULLABLE_STRING,
    'os_hash_value': types.NULLABLE_STRING,
    'size': _NULLABLE_INT,
    'virtual_size': _NULLABLE_INT,
    'min_disk': types.INTEGER,
    'min_ram': types.INTEGER,
    'disk_format': types.NULLABLE_STRING,
    'container_format': types.NULLABLE_STRING,
    'owner': types.NULLABLE_STRING,
    'tags': {'type': 'array', 'items': types.STRING},
    'created_at': _TIME,
    'updated_at': _TIME,
    'self': types.STRING,
    'file': types.STRING,
    'schema': types.STRING,
}, additional=True)

index_response = [(types.obj({
    'images': {'type': 'array', 'items': _IMAGE},
    'schema': types.STRING,
    'first': types.STRING,
    'next': types.STRING,
}, optional=['next']), '2.1', None)]

show_response = [(_IMAGE, '2.1', None)]

# GET /image (300) and /image/versions: Glance's version list.
versions_response = [(types.collection('versions', types.obj({
    'id': {'type': 'string', 'pattern': r'^v\d+(\.\d+)?$'},
    'status': {'enum': ['CURRENT', 'SUPPORTED', 'DEPRECATED']},
    'links': types.LINKS,
}), paged=False), '2.1', None)]
