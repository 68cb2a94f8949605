"""The guard, the engine lifecycle and the compare-and-swap instance update."""

import sys
import threading

import pytest
from oslo_utils import uuidutils

from nova_lite.db import api
from nova_lite.db import instance_api
from nova_lite.db import migration
from nova_lite.db import service_api
from nova_lite import exception


# --- the guard -------------------------------------------------------------------

@pytest.mark.parametrize('call', [
    api.get_engine,
    migration.db_version,
    migration.db_sync,
    lambda: service_api.service_get_all(),
    lambda: instance_api.instance_update('x', {'host': 'h'}),
])
def test_guard_refuses_before_allow_connections(monkeypatch, call):
    monkeypatch.setattr(sys, 'argv', ['/usr/bin/nova-lite-compute'])
    assert api.allowed_binary() is None
    with pytest.raises(exception.DBNotAllowed) as err:
        call()
    assert 'nova-lite-compute attempted direct database access' in str(
        err.value)
    # Refused before any engine was built.
    assert not api._context_manager.is_started


def test_guard_opens_and_closes(tmp_path):
    from tests.unit.db import db_fixture
    url = db_fixture.sqlite_url(tmp_path / 'guard.sqlite')
    with db_fixture.Database(url):
        assert api.allowed_binary() == db_fixture.TEST_BINARY
        assert migration.db_version() == migration.head_revision()
    assert api.allowed_binary() is None
    with pytest.raises(exception.DBNotAllowed):
        api.get_engine()


def test_dispose_builds_a_new_engine(db):
    first = api.get_engine()
    api.dispose()
    second = api.get_engine()
    assert second is not first
    # As a child after fork() would: leave the old connections alone.
    api.dispose(close=False)
    assert api.get_engine() is not second
    assert service_api.service_get_all() == []


# --- instance compare-and-swap -----------------------------------------------------

def _instance(**values):
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('vm_state', 'building')
    values.setdefault('task_state', 'scheduling')
    return instance_api.instance_create(values)


def test_update_with_matching_task_state(db):
    inst = _instance()
    updated = instance_api.instance_update(
        inst['uuid'], {'task_state': 'spawning'},
        expected_task_state='scheduling')
    assert updated['task_state'] == 'spawning'
    assert updated['updated_at'] is not None


def test_update_with_wrong_task_state_changes_nothing(db):
    inst = _instance()
    with pytest.raises(exception.UnexpectedTaskStateError) as err:
        instance_api.instance_update(
            inst['uuid'], {'task_state': 'deleting', 'host': 'h1'},
            expected_task_state=[None, 'spawning'])
    assert err.value.kwargs['actual'] == 'scheduling'
    assert err.value.kwargs['expected'] == [None, 'spawning']
    assert err.value.code == 409
    stored = instance_api.instance_get_by_uuid(inst['uuid'])
    assert (stored['task_state'], stored['host']) == ('scheduling', None)


def test_none_in_expected_list_means_null(db):
    inst = _instance(task_state=None)
    updated = instance_api.instance_update(
        inst['uuid'], {'task_state': 'rebooting'},
        expected_task_state=[None])
    assert updated['task_state'] == 'rebooting'


def test_update_with_wrong_vm_state(db):
    inst = _instance()
    with pytest.raises(exception.UnexpectedVMStateError) as err:
        instance_api.instance_update(inst['uuid'], {'vm_state': 'active'},
                                     expected_vm_state=['stopped'])
    assert err.value.kwargs['actual'] == 'building'


def test_update_of_unknown_or_deleted_instance(db):
    with pytest.raises(exception.InstanceNotFound):
        instance_api.instance_update(uuidutils.generate_uuid(),
                                     {'host': 'h'},
                                     expected_task_state=[None])
    inst = _instance()
    instance_api.instance_destroy(inst['uuid'])
    with pytest.raises(exception.InstanceNotFound):
        instance_api.instance_update(inst['uuid'], {'host': 'h'})


def test_only_one_of_racing_updates_wins(db):
    inst = _instance(task_state=None)
    results = []
    barrier = threading.Barrier(8)

    def act(i):
        barrier.wait()
        try:
            instance_api.instance_update(
                inst['uuid'], {'task_state': 'task-%d' % i},
                expected_task_state=[None])
            results.append('won')
        except exception.UnexpectedTaskStateError:
            results.append('lost')

    threads = [threading.Thread(target=act, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ['lost'] * 7 + ['won']


def test_update_replaces_metadata(db):
    inst = _instance(metadata={'a': '1', 'b': '2'})
    updated = instance_api.instance_update(
        inst['uuid'], {'metadata': {'b': '3', 'c': '4'}})
    assert updated['metadata'] == {'b': '3', 'c': '4'}
    # Removing and adding back a key works despite the soft-deleted row.
    updated = instance_api.instance_update(
        inst['uuid'], {'metadata': {'a': '5'}})
    assert instance_api.instance_get_by_uuid(
        inst['uuid'])['metadata'] == {'a': '5'}


def test_failed_swap_keeps_metadata(db):
    inst = _instance(metadata={'a': '1'})
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance_api.instance_update(inst['uuid'], {'metadata': {}},
                                     expected_task_state='spawning')
    assert instance_api.instance_get_by_uuid(
        inst['uuid'])['metadata'] == {'a': '1'}


def test_destroy_soft_deletes_instance_and_metadata(db):
    inst = _instance(metadata={'a': '1'})
    gone, allocations, fixed_ips = instance_api.instance_destroy(
        inst['uuid'])
    assert gone['deleted'] == gone['id']
    assert gone['metadata'] == {'a': '1'}
    assert (allocations, fixed_ips) == (0, 0)
    with pytest.raises(exception.InstanceNotFound):
        instance_api.instance_get_by_uuid(inst['uuid'])
    row = instance_api.instance_get_by_uuid(inst['uuid'], read_deleted='yes')
    assert row['deleted_at'] is not None
    assert row['metadata'] == {}
    with pytest.raises(exception.InstanceNotFound):
        instance_api.instance_destroy(inst['uuid'])


def test_create_duplicate_uuid(db):
    inst = _instance()
    with pytest.raises(exception.InstanceExists):
        _instance(uuid=inst['uuid'])
