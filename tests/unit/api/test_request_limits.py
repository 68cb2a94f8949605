"""Bodies the API refuses before reading them: too large (413), not JSON
(400) or not of a JSON content type (415), on plain routes, actions and
metadata alike."""

import io
import json

import pytest
import webob

from nova_lite.api.middleware import body_limit
from nova_lite import exception
from tests import api_schemas
from tests.unit.api import access_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import headers

LIMIT = 1024


class CountingInput(io.BytesIO):
    """A request body that counts what the API read of it."""

    def __init__(self, size):
        super().__init__(b'{"k": "' + b'x' * size + b'"}')
        self.taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data


@pytest.fixture
def small(api, conf, conductor):
    conf.config(group='api', max_request_body_size=LIMIT)
    return api


def _send(app, path, stream, length=None, content_type='application/json'):
    """A raw request; ``length`` None: chunked, no Content-Length."""
    request = webob.Request.blank(path, method='POST')
    request.headers.update(headers(ADMIN))
    request.content_type = content_type
    request.environ['wsgi.input'] = stream
    if length is None:
        request.environ.pop('CONTENT_LENGTH', None)
        request.environ['wsgi.input_terminated'] = True
    else:
        request.environ['CONTENT_LENGTH'] = str(length)
    return request.get_response(app)


def _fault(response, code):
    body = json.loads(response.body)
    api_schemas.validate('error', None, body, code=code)
    return next(iter(body.values()))['message']


def test_declared_length_over_the_limit_is_413_unread(small):
    stream = CountingInput(50 * LIMIT)
    response = _send(small.app, '/v2.1/flavors', stream,
                     length=50 * LIMIT)
    assert response.status_int == 413
    assert _fault(response, 413) == (
        'Request is too large. Larger than max_request_body_size (1024).')
    assert stream.taken == 0


@pytest.mark.parametrize('path', ['/v2.1/flavors', '/v2.1/servers',
                                  '/identity/v3/auth/tokens'])
def test_chunked_body_over_the_limit_is_413_read_no_further(small, path):
    stream = CountingInput(50 * LIMIT)
    response = _send(small.app, path, stream)
    assert response.status_int == 413
    _fault(response, 413)
    assert stream.taken == LIMIT + 1


def test_chunked_body_within_the_limit_is_read(small):
    body = json.dumps({'flavor': {'name': 'chunky', 'ram': 512,
                                  'vcpus': 1, 'disk': 1}}).encode()
    response = _send(small.app, '/v2.1/flavors', io.BytesIO(body))
    assert response.status_int == 200, response.body
    assert json.loads(response.body)['flavor']['name'] == 'chunky'


def test_image_paths_answer_glance_style(small):
    response = _send(small.app, '/image/v2/images', CountingInput(
        50 * LIMIT), length=50 * LIMIT)
    assert response.status_int == 413
    assert 'overLimit' not in response.text


def test_limited_input_reads():
    stream = body_limit.LimitedInput(io.BytesIO(b'abcdef'), 6)
    assert stream.read(2) == b'ab'
    assert stream.read() == b'cdef'
    assert stream.read() == b''
    too_long = body_limit.LimitedInput(io.BytesIO(b'abcdefg'), 6)
    with pytest.raises(exception.RequestTooLarge):
        list(too_long)


@pytest.fixture
def cloud(api, conductor):
    return access_fakes.build()


def _action_paths(cloud):
    server = cloud.ids['server_id']
    return ['/v2.1/servers/%s/action' % server,
            '/v2.1/servers/%s/metadata' % server,
            '/v2.1/flavors/%s/action' % cloud.ids['priv_id'],
            '/v2.1/flavors', '/v2.1/os-keypairs']


def test_malformed_json_is_400_everywhere(api, cloud):
    for path in _action_paths(cloud):
        response = api.post(path, '{"pause": ', headers=headers(ADMIN),
                            content_type='application/json', status=400)
        assert _fault(response, 400) == 'Malformed request body', path


@pytest.mark.parametrize('content_type', ['application/xml',
                                          'application/x-www-form-urlencoded'])
def test_other_content_types_are_415_everywhere(api, cloud, content_type):
    before = access_fakes.database_digest()
    for path in _action_paths(cloud):
        response = api.post(path, '{"pause": null}', headers=headers(ADMIN),
                            content_type=content_type, status=415)
        assert _fault(response, 415) == 'Unsupported Content-Type', path
    assert access_fakes.database_digest() == before
