"""Requests the API must refuse: the right status and fault, and nothing
created (no instance row in the project, no server listed)."""

import json

import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import sdk

pytestmark = cloud_mod.ONE_BACKEND

TOKEN = sdk.token(*cloud_mod.DEMO)


@pytest.fixture
def nothing_created(cloud):
    """Fail the test if it left an instance in project demo."""
    before = cloud.instance_count('demo')
    yield cloud
    assert cloud.instance_count('demo') == before
    assert list(cloud.demo.compute.servers()) == []


def _server(cloud, **overrides):
    body = {'name': 'refused', 'imageRef': cloud.image_id,
            'flavorRef': cloud.flavors['nl.tiny'], 'networks': 'none'}
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def _post(cloud, body, version='2.60', **kwargs):
    return cloud.request('POST', '/v2.1/servers', version=version, json=body,
                         **kwargs)


@pytest.mark.parametrize('overrides,words', [
    (dict(flavorRef='no-such-flavor'), ['no-such-flavor']),
    (dict(imageRef='0badc0de-0000-4000-8000-000000000000'), []),
    (dict(imageRef='not-a-uuid'), []),
    (dict(name=None), ["'name' is a required property"]),
    (dict(name='x' * 256), ['name', 'is too long']),
    (dict(name=''), ['name']),
    (dict(flavorRef=None), ["'flavorRef' is a required property"]),
    (dict(networks='some'), ['networks']),
    (dict(min_count=3, max_count=2), []),
    (dict(min_count=0), ['min_count']),
    (dict(unknown_key=1), ['Additional properties are not allowed']),
])
def test_bad_server_body_is_400(nothing_created, overrides, words):
    cloud = nothing_created
    resp = _post(cloud, {'server': _server(cloud, **overrides)})
    cloud_mod.assert_fault(resp, 400, *words)


def test_networks_are_required_from_2_37(nothing_created):
    cloud = nothing_created
    body = {'server': _server(cloud, networks=None)}
    resp = _post(cloud, body, version='2.37')
    cloud_mod.assert_fault(resp, 400, "'networks' is a required property")


@pytest.mark.parametrize('raw', [b'{"server": ', b'not json at all',
                                 b'\xff\xfe'])
def test_malformed_json_is_400(nothing_created, raw):
    resp = _post(nothing_created, None, data=raw,
                 headers={'Content-Type': 'application/json'})
    cloud_mod.assert_fault(resp, 400, 'Malformed request body')


@pytest.mark.parametrize('body', [[], 'a string', {'servers': {}}, {}])
def test_body_without_a_server_object_is_400(nothing_created, body):
    resp = _post(nothing_created, body)
    cloud_mod.assert_fault(resp, 400)


def test_a_non_json_content_type_is_415(nothing_created):
    cloud = nothing_created
    data = json.dumps({'server': _server(cloud)})
    resp = _post(cloud, None, data=data,
                 headers={'Content-Type': 'application/xml'})
    cloud_mod.assert_fault(resp, 415)


def test_more_than_the_instance_quota_is_403(nothing_created):
    cloud = nothing_created
    resp = _post(cloud, {'server': _server(cloud, min_count=11,
                                           max_count=11)})
    cloud_mod.assert_fault(resp, 403, 'Quota exceeded for instances')


@pytest.mark.parametrize('path', ['/v2.1/servers/not-a-uuid',
                                  '/v2.1/servers/0badc0de-0000-4000-8000-'
                                  '000000000000'])
def test_show_and_delete_of_an_unknown_server_are_404(nothing_created, path):
    cloud = nothing_created
    for method in ('GET', 'DELETE'):
        cloud_mod.assert_fault(cloud.request(method, path, token=TOKEN), 404)
