"""Response schemas of /flavors at 2.1, 2.55 (``description``) and 2.61
(``extra_specs`` in a full flavor, for who may list them: optional).

``swap`` is the number of MB, or ``""`` when the flavor has none, and
``rxtx_factor`` ``""`` when unset (as Nova shows them).
"""

from tests.api_schemas import types

_DESCRIPTION = {'type': ['string', 'null'], 'maxLength': 65535}

_DETAIL_21 = {
    'id': {'type': 'string'},
    'name': {'type': 'string'},
    'links': types.SELF_AND_BOOKMARK,
    'ram': {'type': 'integer'},
    'vcpus': {'type': 'integer'},
    'disk': {'type': 'integer'},
    'swap': {'anyOf': [{'type': 'integer', 'minimum': 1},
                       {'const': ''}]},
    'OS-FLV-EXT-DATA:ephemeral': {'type': 'integer'},
    'OS-FLV-DISABLED:disabled': {'type': 'boolean'},
    'os-flavor-access:is_public': {'type': 'boolean'},
    # "" when unset or 0, as Nova shows it.
    'rxtx_factor': {'anyOf': [{'type': 'number', 'exclusiveMinimum': 0},
                              {'const': ''}]},
}

_INDEX_21 = {
    'id': {'type': 'string'},
    'name': {'type': 'string'},
    'links': types.SELF_AND_BOOKMARK,
}


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


_EXTRA_SPECS = {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string'}},
    'additionalProperties': False,
}


def _flavor(props, version):
    props = dict(props)
    if _at_least(version, '2.55'):
        props['description'] = _DESCRIPTION
    required = sorted(props)
    if 'ram' in props and _at_least(version, '2.61'):
        props['extra_specs'] = _EXTRA_SPECS
    return {'type': 'object', 'properties': props,
            'required': required, 'additionalProperties': False}


def _collection(item):
    return {
        'type': 'object',
        'properties': {
            'flavors': {'type': 'array', 'items': item},
            'flavors_links': types.COLLECTION_LINKS,
        },
        'required': ['flavors'],
        'additionalProperties': False,
    }


def index(version, admin=None):
    return _collection(_flavor(_INDEX_21, version))


def detail(version, admin=None):
    return _collection(_flavor(_DETAIL_21, version))


def show(version, admin=None):
    """GET /flavors/{id}, and the body of POST and PUT."""
    return {
        'type': 'object',
        'properties': {'flavor': _flavor(_DETAIL_21, version)},
        'required': ['flavor'],
        'additionalProperties': False,
    }
