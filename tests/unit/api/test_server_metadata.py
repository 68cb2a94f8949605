"""/servers/{id}/metadata[/{key}] and PUT /servers/{id} through the whole
API stack; compute.api's writes are mocks (the reads are real objects)."""

from unittest import mock

import pytest

from nova_lite.compute import api as compute_api
from nova_lite import exception
from tests import api_schemas
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers
from tests.unit.api.test_server_actions import READER
from tests.unit.api.test_server_actions import UUID
from tests.unit.api.test_server_actions import make_server
from tests.unit.api.test_server_actions import message

URL = '/v2.1/servers/%s/metadata' % UUID


def _merge(context, instance, metadata, delete=False):
    merged = {} if delete else dict(instance.metadata)
    merged.update(metadata)
    instance.metadata = merged
    return merged


@pytest.fixture
def compute(api):
    with mock.patch.object(compute_api.API, 'update_instance_metadata',
                           create=True, side_effect=_merge) as update, \
            mock.patch.object(compute_api.API, 'delete_instance_metadata',
                              create=True) as delete, \
            mock.patch.object(compute_api.API, 'update',
                              create=True) as update_server:
        yield mock.Mock(update_instance_metadata=update,
                        delete_instance_metadata=delete,
                        update=update_server)


@pytest.fixture
def server(api, compute):
    return make_server(metadata={'role': 'web', 'tier': 'front'})


# --- reading --------------------------------------------------------------------

def test_index_and_show(api, server):
    body = api.get(URL, headers=headers(READER)).json
    api_schemas.validate('server_metadata.index', None, body)
    assert body == {'metadata': {'role': 'web', 'tier': 'front'}}
    body = api.get(URL + '/role', headers=headers(READER)).json
    api_schemas.validate('server_metadata.show', None, body)
    assert body == {'meta': {'role': 'web'}}


def test_show_missing_key_is_404(api, server):
    response = api.get(URL + '/nope', headers=headers(MEMBER), status=404)
    assert message(response, 404) == 'Metadata item was not found'


def test_another_project_gets_404(api, server, compute):
    for method, path in (('get', URL), ('get', URL + '/role'),
                         ('delete', URL + '/role')):
        getattr(api, method)(path, headers=headers(OTHER), status=404)
    api.post_json(URL, {'metadata': {'a': 'b'}}, headers=headers(OTHER),
                  status=404)
    compute.update_instance_metadata.assert_not_called()


# --- writing --------------------------------------------------------------------

def test_create_merges(api, server, compute):
    body = api.post_json(URL, {'metadata': {'tier': 'back', 'x': '1'}},
                         headers=headers(MEMBER)).json
    api_schemas.validate('server_metadata.index', None, body)
    assert body == {'metadata': {'role': 'web', 'tier': 'back', 'x': '1'}}
    args = compute.update_instance_metadata.call_args
    assert args.args[2] == {'tier': 'back', 'x': '1'}
    assert args.kwargs == {'delete': False}


def test_update_all_replaces(api, server, compute):
    body = api.put_json(URL, {'metadata': {'only': 'this'}},
                        headers=headers(MEMBER)).json
    assert body == {'metadata': {'only': 'this'}}
    assert compute.update_instance_metadata.call_args.kwargs == {
        'delete': True}


def test_update_one_key(api, server, compute):
    body = api.put_json(URL + '/role', {'meta': {'role': 'db'}},
                        headers=headers(MEMBER)).json
    api_schemas.validate('server_metadata.show', None, body)
    assert body == {'meta': {'role': 'db'}}
    assert compute.update_instance_metadata.call_args.args[2] == {
        'role': 'db'}


def test_update_one_key_mismatch_is_400(api, server, compute):
    response = api.put_json(URL + '/role', {'meta': {'tier': 'db'}},
                            headers=headers(MEMBER), status=400)
    assert message(response, 400) == 'Request body and URI mismatch'
    compute.update_instance_metadata.assert_not_called()


@pytest.mark.parametrize('method,path,body', [
    ('put', '/role', {'meta': {'role': 'a', 'tier': 'b'}}),
    ('put', '/role', {'meta': {}}),
    ('put', '/role', {'role': 'a'}),
    ('post', '', {'metadata': {'k': 1}}),
    ('post', '', {'metadata': {'': 'empty key'}}),
    ('post', '', {'metadata': {'k': 'v' * 256}}),
    ('post', '', {'metadata': {'k' * 256: 'v'}}),
    ('post', '', {'meta': {'k': 'v'}}),
    ('put', '', {'metadata': ['k']}),
    ('put', '', None),
])
def test_bad_bodies_are_400(api, server, compute, method, path, body):
    getattr(api, method + '_json')(URL + path, body,
                                   headers=headers(MEMBER), status=400)
    compute.update_instance_metadata.assert_not_called()


def test_over_the_limit_is_403(api, server, compute):
    compute.update_instance_metadata.side_effect = (
        exception.MetadataLimitExceeded(allowed=128))
    response = api.post_json(URL, {'metadata': {'a': 'b'}},
                             headers=headers(MEMBER), status=403)
    assert message(response, 403) == (
        'Maximum number of metadata items exceeds 128')


def test_locked_or_busy_server_is_409(api, server, compute):
    compute.update_instance_metadata.side_effect = (
        exception.InstanceIsLocked(instance_uuid=UUID))
    api.post_json(URL, {'metadata': {'a': 'b'}}, headers=headers(MEMBER),
                  status=409)
    compute.delete_instance_metadata.side_effect = (
        exception.InstanceInvalidState(attr='task_state', state='pausing',
                                       instance_uuid=UUID, method='x'))
    response = api.delete(URL + '/role', headers=headers(MEMBER),
                          status=409)
    assert message(response, 409) == (
        "Cannot 'delete metadata' instance %s while it is in task_state "
        "pausing" % UUID)


def test_delete(api, server, compute):
    response = api.delete(URL + '/role', headers=headers(MEMBER), status=204)
    assert response.body == b''
    assert compute.delete_instance_metadata.call_args.args[2] == 'role'
    response = api.delete(URL + '/nope', headers=headers(MEMBER), status=404)
    assert message(response, 404) == 'Metadata item was not found'


def test_delete_of_the_collection_is_405(api, server):
    api.delete(URL, headers=headers(MEMBER), status=405)


def test_reader_may_read_not_write(api, server, compute):
    api.get(URL, headers=headers(READER))
    for call in (lambda: api.post_json(URL, {'metadata': {}},
                                       headers=headers(READER), status=403),
                 lambda: api.put_json(URL, {'metadata': {}},
                                      headers=headers(READER), status=403),
                 lambda: api.put_json(URL + '/role', {'meta': {'role': 'x'}},
                                      headers=headers(READER), status=403),
                 lambda: api.delete(URL + '/role', headers=headers(READER),
                                    status=403)):
        assert 'server-metadata' in message(call(), 403)
    api.post_json(URL, {'metadata': {'a': 'b'}}, headers=headers(ADMIN))


# --- PUT /servers/{id} --------------------------------------------------------

def _rename(context, instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


@pytest.mark.parametrize('version', ['2.1', '2.19', '2.47', '2.73'])
@pytest.mark.parametrize('token', [MEMBER, ADMIN])
def test_update_server(api, server, compute, version, token):
    compute.update.side_effect = _rename
    body = {'server': {'name': 'renamed'}}
    if version != '2.1':
        body['server']['description'] = 'the new one'
    response = api.put_json('/v2.1/servers/%s' % UUID, body,
                            headers=headers(token, version))
    api_schemas.validate('servers.update', version, response.json)
    shown = response.json['server']
    assert shown['name'] == 'renamed'
    assert 'OS-EXT-SRV-ATTR:host' not in shown
    assert 'OS-EXT-STS:vm_state' not in shown
    if version != '2.1':
        assert shown['description'] == 'the new one'
        assert compute.update.call_args.kwargs == {
            'display_name': 'renamed', 'display_description': 'the new one'}


@pytest.mark.parametrize('version,body', [
    ('2.1', {'server': {'description': 'too early'}}),
    ('2.19', {'server': {'name': ''}}),
    ('2.19', {'server': {'name': ' padded '}}),
    ('2.19', {'server': {'name': 'x' * 256}}),
    ('2.19', {'server': {'description': 'x' * 256}}),
    ('2.19', {'server': {'flavorRef': '1'}}),
    ('2.19', {'server': {'accessIPv4': '10.0.0.9'}}),
    ('2.19', {'name': 'unwrapped'}),
])
def test_update_server_bad_bodies(api, server, compute, version, body):
    api.put_json('/v2.1/servers/%s' % UUID, body,
                 headers=headers(MEMBER, version), status=400)
    compute.update.assert_not_called()


def test_update_server_policy_and_scope(api, server, compute):
    api.put_json('/v2.1/servers/%s' % UUID, {'server': {'name': 'x'}},
                 headers=headers(OTHER), status=404)
    api.put_json('/v2.1/servers/%s' % UUID, {'server': {'name': 'x'}},
                 headers=headers(READER), status=403)
    compute.update.assert_not_called()
