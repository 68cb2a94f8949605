"""Building blocks of the response schemas (JSON Schema 2020-12).

The shapes are Nova's as tempest's compute response schemas describe them
(links, times, ids), a little stricter where nova_lite always answers one
way. ``nova_lite.api.validation.response_body_schema`` checks them.
"""

# "2013-09-03T04:01:32Z": created, updated, a fault's created.
ISO_TIME_Z = {'type': 'string',
              'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'}

# "2012-10-29T13:42:02.000000" (naive, microseconds): database times
# outside the servers API, and OS-SRV-USG times; null when unset.
DB_TIME = {'type': ['string', 'null'],
           'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$'}

UUID = {'type': 'string', 'format': 'uuid'}

NULLABLE_STRING = {'type': ['string', 'null']}
STRING = {'type': 'string'}
INTEGER = {'type': 'integer'}
BOOLEAN = {'type': 'boolean'}

HREF = {'type': 'string', 'pattern': '^https?://[^ ]+$'}

LINK = {
    'type': 'object',
    'properties': {
        'href': HREF,
        'rel': {'type': 'string'},
        'type': {'type': 'string'},
    },
    'required': ['href', 'rel'],
    'additionalProperties': False,
}

LINKS = {'type': 'array', 'items': LINK}


def _rel(name):
    return dict(LINK, properties=dict(LINK['properties'],
                                      rel={'const': name}))


# A resource's own links: self, then bookmark.
SELF_AND_BOOKMARK = {'type': 'array', 'minItems': 2, 'maxItems': 2,
                     'prefixItems': [_rel('self'), _rel('bookmark')]}

BOOKMARK_ONLY = {'type': 'array', 'minItems': 1, 'maxItems': 1,
                 'items': _rel('bookmark')}

# "<collection>_links" of a full page: the next one.
COLLECTION_LINKS = {'type': 'array', 'minItems': 1, 'items': _rel('next')}

EMPTY_OBJECT = {'type': 'object', 'additionalProperties': False}


def obj(properties, required=None, optional=(), additional=False):
    """An object of ``properties``, all required unless ``required`` lists
    some or their names are in ``optional``."""
    if required is None:
        required = [name for name in properties if name not in optional]
    return {'type': 'object', 'properties': dict(properties),
            'required': sorted(required), 'additionalProperties': additional}


def wrapped(key, schema, **others):
    """``{key: schema}`` (plus ``others``, optional keys)."""
    properties = dict(others, **{key: schema})
    return {'type': 'object', 'properties': properties, 'required': [key],
            'additionalProperties': False}


def collection(key, item, paged=True):
    """``{key: [item], key_links: [next]}`` (links optional)."""
    others = {key + '_links': COLLECTION_LINKS} if paged else {}
    return wrapped(key, {'type': 'array', 'items': item}, **others)


def at_least(version, since):
    """``version >= since`` for "X.Y" strings."""
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))
