"""Server metadata and PUT /servers/{id} over the real processes, through
openstacksdk, raw requests and the ``openstack`` CLI. One shared server;
each test leaves its metadata empty."""

import openstack.exceptions
import pytest

from tests.functional import actions as helpers
from tests.functional import cloud as cloud_mod
from tests.functional import test_cli

pytestmark = cloud_mod.ONE_BACKEND


@pytest.fixture(scope='module')
def server(api_cloud):
    server = helpers.module_server(api_cloud, 'meta')
    yield server
    api_cloud.delete_all()


@pytest.fixture
def cloud(api_cloud, server):
    api_cloud.ensure_healthy()
    yield api_cloud
    resp = api_cloud.request('PUT', '/v2.1/servers/%s/metadata' % server.id,
                             json={'metadata': {}})
    assert resp.status_code == 200, resp.text


def _url(server_id, key=''):
    return '/v2.1/servers/%s/metadata%s' % (server_id,
                                            '/' + key if key else '')


def test_set_update_delete_with_the_sdk(cloud, server):
    conn = cloud.demo
    conn.compute.set_server_metadata(server, role='web', tier='front')
    assert conn.compute.get_server_metadata(server).metadata == {
        'role': 'web', 'tier': 'front'}
    conn.compute.set_server_metadata(server, tier='back')
    # By id: with a Server object openstacksdk also pops the key from the
    # object's own (stale) metadata, a KeyError when it is not there.
    conn.compute.delete_server_metadata(server.id, ['role'])
    body = cloud.request('GET', _url(server.id)).json()
    cloud_mod.validate('server_metadata.index', None, body)
    assert body == {'metadata': {'tier': 'back'}}
    # The server shows it too.
    assert helpers.show(cloud, server.id)['metadata'] == {'tier': 'back'}


def test_one_key_routes(cloud, server):
    resp = cloud.request('PUT', _url(server.id, 'color'),
                         json={'meta': {'color': 'blue'}})
    assert resp.status_code == 200, resp.text
    cloud_mod.validate('server_metadata.show', None, resp.json())
    resp = cloud.request('GET', _url(server.id, 'color'))
    assert resp.json() == {'meta': {'color': 'blue'}}
    resp = cloud.request('PUT', _url(server.id, 'color'),
                         json={'meta': {'colour': 'blue'}})
    assert cloud_mod.assert_fault(resp, 400) == (
        'Request body and URI mismatch')
    resp = cloud.request('DELETE', _url(server.id, 'color'))
    assert resp.status_code == 204 and not resp.content
    for method in ('GET', 'DELETE'):
        resp = cloud.request(method, _url(server.id, 'color'))
        assert cloud_mod.assert_fault(resp, 404) == (
            'Metadata item was not found')


def test_replace_all_and_the_limit(cloud, server):
    resp = cloud.request('PUT', _url(server.id),
                         json={'metadata': {'a': '1', 'b': '2'}})
    assert resp.json() == {'metadata': {'a': '1', 'b': '2'}}, resp.text
    # [quota] metadata_items is 128: 129 items is a 403, nothing stored.
    many = {'k%03d' % i: 'v' for i in range(129)}
    resp = cloud.request('POST', _url(server.id), json={'metadata': many})
    cloud_mod.assert_fault(resp, 403, 'Maximum number of metadata items')
    assert cloud.request('GET', _url(server.id)).json() == {
        'metadata': {'a': '1', 'b': '2'}}


@pytest.mark.parametrize('method,key,body', [
    ('POST', '', {'metadata': {'k': 1}}),
    ('POST', '', {'metadata': {'k' * 256: 'v'}}),
    ('PUT', '', {'meta': {'k': 'v'}}),
    ('PUT', 'k', {'meta': {'k': 'v', 'j': 'w'}}),
])
def test_bad_bodies_are_400(cloud, server, method, key, body):
    resp = cloud.request(method, _url(server.id, key), json=body)
    cloud_mod.assert_fault(resp, 400)


def test_access(cloud, server):
    other = cloud.conn(*cloud_mod.OTHER)
    with pytest.raises(openstack.exceptions.NotFoundException):
        other.compute.set_server_metadata(server.id, a='b')
    resp = cloud.request('GET', _url(server.id),
                         token=helpers.READER_TOKEN)
    assert resp.status_code == 200, resp.text
    resp = cloud.request('POST', _url(server.id), json={'metadata': {}},
                         token=helpers.READER_TOKEN)
    cloud_mod.assert_fault(resp, 403, 'server-metadata:create')


def test_locked_server_metadata_is_409(cloud, server):
    cloud.demo.compute.lock_server(server)
    try:
        resp = cloud.request('POST', _url(server.id),
                             json={'metadata': {'a': 'b'}})
        assert cloud_mod.assert_fault(resp, 409) == (
            'Instance %s is locked' % server.id)
    finally:
        cloud.demo.compute.unlock_server(server)


@pytest.mark.parametrize('version', ['2.1', '2.19', '2.73'])
def test_update_server(cloud, server, version):
    body = {'server': {'name': 'renamed-%s' % version}}
    if version != '2.1':
        body['server']['description'] = 'about %s' % version
    resp = cloud.request('PUT', '/v2.1/servers/%s' % server.id,
                         version=version, json=body)
    assert resp.status_code == 200, resp.text
    shown = cloud_mod.validate('servers.update', version,
                               resp.json())['server']
    assert shown['name'] == 'renamed-%s' % version
    again = helpers.show(cloud, server.id, version=version)
    assert again['name'] == shown['name']
    if version != '2.1':
        assert again['description'] == 'about %s' % version
    resp = cloud.request('PUT', '/v2.1/servers/%s' % server.id,
                         version='2.1',
                         json={'server': {'description': 'too early'}})
    cloud_mod.assert_fault(resp, 400, 'description')


def test_update_server_with_the_sdk_and_cli(cloud, server, tmp_path):
    updated = cloud.demo.compute.update_server(server, name='sdk-name',
                                               description='by the sdk')
    assert (updated.name, updated.description) == ('sdk-name',
                                                   'by the sdk')
    cli = test_cli.CLI(tmp_path / 'clouds.yaml', cloud.diagnostics)
    cli.clouds_path.write_text(test_cli.CLOUDS_YAML.format(url=cloud.url))
    cli.run('server', 'set', '--name', 'cli-name', '--property', 'from=cli',
            server.id, cloud='nl-demo')
    shown = cli.json('server', 'show', server.id, cloud='nl-demo')
    assert shown['name'] == 'cli-name'
    assert shown['properties'] in ({'from': 'cli'}, "from='cli'"), shown
    cli.run('server', 'unset', '--property', 'from', server.id,
            cloud='nl-demo')
    assert cloud.request('GET', _url(server.id)).json() == {'metadata': {}}
    resp = cloud.request('PUT', '/v2.1/servers/%s' % server.id,
                         token=helpers.OTHER_TOKEN,
                         json={'server': {'name': 'x'}})
    cloud_mod.assert_fault(resp, 404)
