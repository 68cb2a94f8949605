"""Every error is a JSON fault with Nova's name; never a traceback."""

import pytest

from nova_lite import objects
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import headers


def _fault(response):
    (name, fault), = response.json.items()
    assert fault['code'] == response.status_int
    assert response.content_type == 'application/json'
    return name, fault['message']


@pytest.mark.parametrize('path', ['/nope', '/v2.1/nope',
                                  '/v2.1/flavors/1/nope/2'])
def test_unknown_path_is_a_json_404(api, path):
    response = api.get(path, headers=headers(), status=404)
    assert _fault(response) == ('itemNotFound',
                                'The resource could not be found.')


def test_method_not_allowed(api):
    for method in (api.put, api.patch):
        response = method('/v2.1/flavors', headers=headers(), status=405)
        assert _fault(response) == (
            'badMethod',
            'The method specified is not allowed for this resource.')


def test_body_too_large(api, conf):
    conf.config(group='api', max_request_body_size=1024)
    response = api.post('/v2.1/flavors', 'x' * 2048, headers=headers(),
                        content_type='application/json', status=413)
    assert _fault(response) == (
        'overLimit',
        'Request is too large. Larger than max_request_body_size (1024).')
    assert response.headers['x-compute-request-id'].startswith('req-')


def test_content_type_must_be_json(api):
    response = api.post('/v2.1/flavors', '<flavor/>', headers=headers(),
                        content_type='application/xml', status=415)
    assert _fault(response) == ('badMediaType', 'Unsupported Content-Type')


@pytest.mark.parametrize('content_type', ['application/json', 'text/plain'])
def test_malformed_json(api, content_type):
    # text/plain is what some clients send by default: read as JSON.
    response = api.post('/v2.1/flavors', '{"flavor": ', headers=headers(),
                        content_type=content_type, status=400)
    assert _fault(response) == ('badRequest', 'Malformed request body')


def test_unexpected_exception_is_a_500_without_traceback(
        api, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise ValueError('secret detail')

    monkeypatch.setattr(objects.FlavorList, 'get_all', explode)
    response = api.get('/v2.1/flavors', headers=headers(), status=500)
    name, message = _fault(response)
    assert name == 'computeFault'
    assert message.startswith('Unexpected API Error.')
    assert "<class 'ValueError'>" in message
    assert 'secret' not in response.text
    assert 'Traceback' not in response.text
    # The traceback is in the log.
    assert 'secret detail' in caplog.text


def test_request_ids(api):
    response = api.get('/v2.1/flavors', headers=headers())
    request_id = response.headers['x-openstack-request-id']
    assert request_id.startswith('req-')
    assert response.headers['x-compute-request-id'] == request_id
    # Errors carry them too.
    failed = api.get('/v2.1/nope', headers=headers(), status=404)
    assert failed.headers['x-compute-request-id'].startswith('req-')


def test_the_context_gets_the_request_id(api, monkeypatch):
    seen = []
    real = objects.FlavorList.get_all

    def spy(context, *args, **kwargs):
        seen.append(context)
        return real(context, *args, **kwargs)

    monkeypatch.setattr(objects.FlavorList, 'get_all', spy)
    response = api.get('/v2.1/flavors', headers=headers(ADMIN))
    assert seen[0].request_id == response.headers['x-openstack-request-id']
    assert (seen[0].user_id, seen[0].project_id) == ('admin',
                                                     'admin-project')


def test_body_that_is_not_utf8_is_malformed(api):
    # pecan would answer this with a bare 400 of its own while routing.
    response = api.post('/v2.1/servers', b'\xff\xfe', headers=headers(),
                        content_type='application/json', status=400)
    assert _fault(response) == ('badRequest', 'Malformed request body')
