"""validation.schema / query_schema: version ranges, messages, signature."""

import inspect

import pytest
import webob

from nova_lite.api import microversion
from nova_lite.api import validation
from nova_lite import exception

OLD = {'type': 'object', 'properties': {'a': {'type': 'integer'}},
       'additionalProperties': False}
NEW = {'type': 'object',
       'properties': {'b': {'type': 'string', 'maxLength': 3}},
       'additionalProperties': False}
QUERY = {'type': 'object', 'properties': {'limit': {
    'type': 'array', 'items': {'type': 'string', 'pattern': '^[0-9]+$'}}}}


class Controller:
    @validation.schema(OLD, '2.1', '2.9')
    @validation.schema(NEW, '2.10')
    def put(self, thing_id, body):
        return thing_id, body

    @validation.query_schema(QUERY)
    def get_all(self):
        return 'listed'


@pytest.fixture
def request_at(monkeypatch):
    def make(version, body=b'', query=''):
        request = webob.Request.blank('/x?' + query, method='PUT',
                                      body=body)
        request.api_version = microversion.APIVersion.parse(version)
        monkeypatch.setattr(validation.pecan, 'request', request)
        return request
    return make


def test_pecan_sees_the_path_arguments_only():
    assert list(inspect.signature(Controller.put).parameters) == [
        'self', 'thing_id']


def test_the_schema_of_the_requested_version(request_at):
    request_at('2.1', b'{"a": 1}')
    assert Controller().put('x') == ('x', {'a': 1})
    request_at('2.10', b'{"b": "abc"}')
    assert Controller().put('x') == ('x', {'b': 'abc'})
    request_at('2.10', b'{"a": 1}')
    with pytest.raises(exception.ValidationError) as raised:
        Controller().put('x')
    assert "('a' was unexpected)" in raised.value.format_message()


def test_messages_name_the_field(request_at):
    request_at('2.10', b'{"b": "abcd"}')
    with pytest.raises(exception.ValidationError) as raised:
        Controller().put('x')
    assert raised.value.format_message() == (
        "Invalid input for field/attribute b. Value: abcd. 'abcd' is too "
        "long")
    assert raised.value.code == 400


def test_query_schema(request_at):
    request_at('2.1', query='limit=10')
    assert Controller().get_all() == 'listed'
    request_at('2.1', query='limit=ten')
    with pytest.raises(exception.ValidationError) as raised:
        Controller().get_all()
    assert raised.value.format_message().startswith(
        'Invalid input for field/attribute limit. Value: ten.')


@pytest.mark.parametrize('value,valid', [
    ('web-1', True), (' web', False), ('web ', False), ('a\x01b', False)])
def test_name_format(value, valid):
    schema = {'type': 'string', 'format': 'name'}
    if valid:
        validation.validate(schema, value)
    else:
        with pytest.raises(exception.ValidationError):
            validation.validate(schema, value)
