"""``/identity``: the version documents and the shim's token catalog."""

import pytest

from tests.unit.api.conftest import headers


def _token_request(token, methods=('token',)):
    return {'auth': {'identity': {'methods': list(methods),
                                  'token': {'id': token}}}}


def test_version_documents(api):
    root = api.get('/identity', headers=headers(None), status=300).json
    [v3] = root['versions']['values']
    assert v3['id'].startswith('v3.') and v3['status'] == 'stable'
    assert v3['links'][0]['href'] == 'http://localhost/identity/v3/'
    assert api.get('/identity/v3', headers=headers(None)).json == {
        'version': v3}


def test_token_with_a_catalog(api):
    response = api.post_json('/identity/v3/auth/tokens',
                             _token_request('alice:p1'),
                             headers=headers(None), status=201)
    assert response.headers['X-Subject-Token'] == 'alice:p1'
    token = response.json['token']
    assert (token['user']['id'], token['project']['id']) == ('alice', 'p1')
    assert [r['name'] for r in token['roles']] == ['member', 'reader']
    urls = {(entry['type'], endpoint['interface']): endpoint['url']
            for entry in token['catalog'] for endpoint in entry['endpoints']}
    assert urls[('compute', 'public')] == 'http://localhost/v2.1'
    assert urls[('image', 'internal')] == 'http://localhost/image'
    assert urls[('identity', 'admin')] == 'http://localhost/identity'
    assert {entry['type'] for entry in token['catalog']} == {
        'compute', 'image', 'identity'}


@pytest.mark.parametrize('body,status', [
    (_token_request('garbled'), 401),
    (_token_request('alice:p1', methods=['password']), 400),
])
def test_bad_token_requests(api, body, status):
    api.post_json('/identity/v3/auth/tokens', body, headers=headers(None),
                  status=status)


def test_no_tokens_under_keystone(api, policy_conf):
    policy_conf.config(group='api', auth_strategy='keystone')
    api.post_json('/identity/v3/auth/tokens', _token_request('alice:p1'),
                  headers=headers(None), status=404)


@pytest.mark.parametrize('path', ['/healthcheck', '/healthcheck/'])
def test_healthcheck_needs_no_token(api, path):
    response = api.get(path, headers=headers(None))
    assert response.text == 'OK'
    assert response.headers['x-openstack-request-id'].startswith('req-')


def test_healthcheck_disabled_by_file(api, policy_conf, tmp_path):
    """The default backend: a file under state_path drains the API."""
    policy_conf.config(state_path=str(tmp_path))
    flag = tmp_path / 'healthcheck_disable'
    flag.touch()
    assert api.get('/healthcheck', status=503).text == 'DISABLED BY FILE'
    flag.unlink()
    assert api.get('/healthcheck').text == 'OK'


def test_project_lookups_for_the_cli(api):
    """``openstack quota set PROJECT`` looks the project up first."""
    body = api.get('/identity/v3/projects/demo',
                   headers={'X-Auth-Token': 'admin:admin'}).json
    assert (body['project']['id'], body['project']['name']) == (
        'demo', 'demo')
    body = api.get('/identity/v3/projects?name=demo',
                   headers={'X-Auth-Token': 'admin:admin'}).json
    assert [p['id'] for p in body['projects']] == ['demo']
