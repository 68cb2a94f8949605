"""Version discovery: GET / and GET /v2.1 (no token needed)."""

import pytest


def test_versions_list(api):
    response = api.get('/')
    assert response.status_int == 200
    assert response.json == {'versions': [{
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.73',
        'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
        'links': [{'rel': 'self', 'href': 'http://localhost/v2.1/'}]}]}
    # Version discovery does not negotiate a microversion.
    assert 'OpenStack-API-Version' not in response.headers


@pytest.mark.parametrize('path', ['/v2.1', '/v2.1/'])
def test_version_document(api, path):
    version = api.get(path).json['version']
    assert version == {
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.73',
        'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
        'links': [
            {'rel': 'self', 'href': 'http://localhost/v2.1/'},
            {'rel': 'describedby', 'type': 'text/html',
             'href': 'http://docs.openstack.org/'}],
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2.1'}],
    }


def test_links_follow_the_host_and_script_name(api):
    response = api.get('/', extra_environ={'HTTP_HOST': 'cloud:8774',
                                           'SCRIPT_NAME': '/compute'})
    assert response.json['versions'][0]['links'][0]['href'] == (
        'http://cloud:8774/compute/v2.1/')


def test_image_versions(api):
    response = api.get('/image', status=300)
    versions = response.json['versions']
    assert versions[0] == {
        'id': 'v2.7', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': 'http://localhost/image/v2/'}]}
    assert {v['status'] for v in versions[1:]} == {'SUPPORTED'}
    assert api.get('/image/versions').json == response.json
