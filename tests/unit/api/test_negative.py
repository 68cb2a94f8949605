"""Schema-driven negative tests of every write route, in process.

For each POST/PUT route and each action (found by ``tests/api_routes.py``)
at the lowest and the highest microversion it takes, ``tests/negative.py``
generates invalid bodies from the route's own schema (wrong types, missing
and extra keys, 0/256-character names, control and 4-byte characters,
2**64 and -1, 200 levels of nesting). Each must be a 400 with Nova's
``badRequest`` body and a message, never a 5xx, and leave the database
exactly as it was. Sent as an administrator so that no policy answers
first. The number of cases per route and version is printed at the end of
the run (``negative.COUNTS``, see conftest).
"""

import pytest

from tests import api_routes
from tests import api_schemas
from tests import negative
from tests.unit.api import access_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import headers

import nova_lite.conf  # noqa: F401,I100 (the [api] options for the import)

OPERATIONS = negative.operations()


def _id(operation):
    key, _method, _path, version, _schema = operation
    return '%s@%s' % (key, version)


@pytest.fixture
def cloud(api, conductor):
    return access_fakes.build()


def _send(api, method, path, version, body):
    request = {'POST': api.post_json, 'PUT': api.put_json}[method]
    return request(path, body, headers=headers(ADMIN, version),
                   expect_errors=True)


def check_refused(response, label):
    """A 400 with Nova's error body and a message (never a 5xx)."""
    assert response.status_int == 400, (label, response.status,
                                        response.text[:500])
    api_schemas.validate('error', None, response.json, code=400)
    assert response.json['badRequest']['message'].strip(), label


@pytest.mark.parametrize('operation', OPERATIONS, ids=_id)
def test_invalid_bodies_are_refused(api, cloud, operation):
    key, method, path_template, version, schema = operation
    generated = negative.cases(schema, negative.api_is_valid(schema))
    assert generated, 'no negative case for %s' % key
    negative.COUNTS['%s @%s' % (key, version)] = len(generated)
    path = cloud.path(path_template, version)
    before = access_fakes.database_digest()
    for case in generated:
        response = _send(api, method, path, version, case.body)
        check_refused(response, '%s %s' % (_id(operation), case.name))
    assert access_fakes.database_digest() == before


def test_every_write_route_has_operations():
    keys = {key for key, *_rest in OPERATIONS}
    for route in api_routes.routes():
        if route.method in ('POST', 'PUT') and not (
                api_routes.is_action_route(route)):
            assert api_routes.route_key(route) in keys
    for action in api_routes.actions():
        assert api_routes.action_key(action) in keys


def test_the_generator_covers_each_kind_of_mistake():
    schema = {
        'type': 'object',
        'properties': {'thing': {
            'type': 'object',
            'properties': {
                'name': {'type': 'string', 'minLength': 1,
                         'maxLength': 255, 'format': 'name'},
                'size': {'type': 'integer', 'minimum': 0,
                         'maximum': 100},
            },
            'required': ['name'],
            'additionalProperties': False,
        }},
        'required': ['thing'],
        'additionalProperties': False,
    }
    names = {case.name for case in negative.cases(
        schema, negative.api_is_valid(schema))}
    assert {'missing:thing', 'missing:thing/name', 'extra:(body)',
            'extra:thing', 'type:thing', 'type:thing/name',
            'type:thing/size', 'empty:thing/name', 'long:thing/name',
            'control:thing/name', 'astral:thing/name', 'huge:thing/size',
            'negative:thing/size', 'deep'} <= names
