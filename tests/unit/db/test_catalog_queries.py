"""Flavors, key pairs, actions and request specs in the database layer."""

import pytest
from oslo_utils import uuidutils

from nova_lite.db import action_api
from nova_lite.db import flavor_api
from nova_lite.db import instance_api
from nova_lite.db import keypair_api
from nova_lite.db import request_spec_api
from nova_lite import exception


def _flavor(name, memory_mb=512, root_gb=1, is_public=True, **kwargs):
    return flavor_api.flavor_create(
        {'name': name, 'flavorid': name + '-id', 'memory_mb': memory_mb,
         'vcpus': 1, 'root_gb': root_gb, 'is_public': is_public}, **kwargs)


def _names(rows):
    return [row.name for row in rows]


def test_flavor_create_and_conflicts(db):
    flavor = _flavor('small', extra_specs={'hw:cpu': '1'}, projects=['p1'])
    assert {s.key: s.value for s in flavor.extra_specs} == {'hw:cpu': '1'}
    assert [p.project_id for p in flavor.projects] == ['p1']
    with pytest.raises(exception.FlavorExists):
        flavor_api.flavor_create({'name': 'small', 'flavorid': 'x',
                                  'memory_mb': 1, 'vcpus': 1})
    with pytest.raises(exception.FlavorIdExists):
        flavor_api.flavor_create({'name': 'other', 'flavorid': 'small-id',
                                  'memory_mb': 1, 'vcpus': 1})


def test_flavor_update_replaces_specs_and_access(db):
    flavor = _flavor('f', extra_specs={'a': '1', 'b': '2'}, projects=['p1'])
    updated = flavor_api.flavor_update(
        flavor.id, {'description': 'new'}, extra_specs={'b': '3', 'c': '4'},
        projects=['p2'])
    assert updated.description == 'new'
    assert {s.key: s.value for s in updated.extra_specs} == {'b': '3',
                                                             'c': '4'}
    assert [p.project_id for p in updated.projects] == ['p2']
    with pytest.raises(exception.FlavorNotFound):
        flavor_api.flavor_update(12345, {}, extra_specs={})


def test_flavor_access(db):
    flavor = _flavor('private', is_public=False)
    flavor_api.flavor_add_project(flavor.id, 'p1', flavorid='private-id')
    with pytest.raises(exception.FlavorAccessExists):
        flavor_api.flavor_add_project(flavor.id, 'p1')
    flavor_api.flavor_remove_project(flavor.id, 'p1')
    with pytest.raises(exception.FlavorAccessNotFound):
        flavor_api.flavor_remove_project(flavor.id, 'p1')
    with pytest.raises(exception.FlavorNotFound):
        flavor_api.flavor_add_project(12345, 'p1')


def test_flavor_list_filters_and_visibility(db):
    _flavor('a', memory_mb=256, root_gb=1)
    _flavor('b', memory_mb=1024, root_gb=10)
    _flavor('c', memory_mb=2048, root_gb=20, is_public=False,
            projects=['p1'])
    _flavor('d', memory_mb=4096, root_gb=40, is_public=False)
    get = flavor_api.flavor_get_all
    assert _names(get()) == ['a', 'b', 'c', 'd']
    assert _names(get({'is_public': True})) == ['a', 'b']
    assert _names(get({'is_public': True}, project_id='p1')) == [
        'a', 'b', 'c']
    assert _names(get({'is_public': False})) == ['c', 'd']
    assert _names(get({'min_memory_mb': 1024, 'min_root_gb': 15})) == [
        'c', 'd']
    assert _names(get(sort_key='memory_mb', sort_dir='desc', limit=2)) == [
        'd', 'c']
    assert _names(get(marker='b-id')) == ['c', 'd']
    with pytest.raises(exception.MarkerNotFound):
        get(marker='nope')


def test_flavor_destroy(db):
    flavor = _flavor('gone', extra_specs={'a': '1'}, projects=['p'])
    flavor_api.flavor_destroy(flavor.id)
    with pytest.raises(exception.FlavorNotFound):
        flavor_api.flavor_get(flavor.id)
    with pytest.raises(exception.FlavorNotFoundByName):
        flavor_api.flavor_get_by_name('gone')
    with pytest.raises(exception.FlavorNotFound):
        flavor_api.flavor_destroy(flavor.id)
    # Name and id are free again.
    _flavor('gone')


def test_key_pairs(db):
    for name in ('k3', 'k1', 'k2'):
        keypair_api.key_pair_create({'name': name, 'user_id': 'u1',
                                     'public_key': 'ssh-rsa AAA'})
    with pytest.raises(exception.KeyPairExists):
        keypair_api.key_pair_create({'name': 'k1', 'user_id': 'u1'})
    keypair_api.key_pair_create({'name': 'k1', 'user_id': 'u2'})
    rows = keypair_api.key_pair_get_all_by_user('u1', limit=2, marker='k1')
    assert _names(rows) == ['k2', 'k3']
    assert keypair_api.key_pair_count_by_user('u1') == 3
    keypair_api.key_pair_destroy('u1', 'k1')
    with pytest.raises(exception.KeypairNotFound):
        keypair_api.key_pair_get('u1', 'k1')
    with pytest.raises(exception.KeypairNotFound):
        keypair_api.key_pair_destroy('u1', 'k1')
    with pytest.raises(exception.MarkerNotFound):
        keypair_api.key_pair_get_all_by_user('u1', marker='k1')


def test_actions_and_events(db):
    inst = instance_api.instance_create({'uuid': uuidutils.generate_uuid()})
    uuid = inst['uuid']
    with pytest.raises(exception.InstanceActionNotFound):
        action_api.action_event_start(uuid, 'req-1', {'event': 'e'})
    for request_id in ('req-1', 'req-2'):
        action_api.action_start({'instance_uuid': uuid, 'action': 'reboot',
                                 'request_id': request_id})
    action_api.action_event_start(uuid, 'req-1', {'event': 'e'})
    event = action_api.action_event_finish(uuid, 'req-1', 'e',
                                           {'result': 'Error'})
    assert event.result == 'Error'
    action = action_api.action_get_by_request_id(uuid, 'req-1')
    assert action.message == 'Error'
    assert [e.id for e in action_api.action_events_get(action.id)] == [
        event.id]
    with pytest.raises(exception.InstanceActionEventNotFound):
        action_api.action_event_finish(uuid, 'req-2', 'e', {})
    assert action_api.action_get_by_request_id(uuid, 'req-9') is None
    listed = action_api.actions_get(uuid)
    assert [a.request_id for a in listed] == ['req-2', 'req-1']
    assert [a.request_id for a in action_api.actions_get(
        uuid, marker='req-2')] == ['req-1']
    with pytest.raises(exception.InstanceNotFound):
        action_api.action_start({'instance_uuid': uuidutils.generate_uuid(),
                                 'action': 'x'})


def test_request_specs(db):
    uuid = uuidutils.generate_uuid()
    request_spec_api.request_spec_create(uuid, '{"a": 1}')
    with pytest.raises(exception.RequestSpecExists):
        request_spec_api.request_spec_create(uuid, '{}')
    request_spec_api.request_spec_update(uuid, '{"a": 2}')
    row = request_spec_api.request_spec_get_by_instance_uuid(uuid)
    assert row.spec == '{"a": 2}'
    request_spec_api.request_spec_destroy(uuid)
    for call in (request_spec_api.request_spec_get_by_instance_uuid,
                 request_spec_api.request_spec_destroy,
                 lambda u: request_spec_api.request_spec_update(u, '{}')):
        with pytest.raises(exception.RequestSpecNotFound):
            call(uuid)
