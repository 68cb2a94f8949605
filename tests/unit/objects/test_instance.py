"""Instance, InstanceList and InstanceFault objects."""

import pytest
from oslo_utils import uuidutils

from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects


def _flavor(ctx):
    flavor = objects.Flavor(ctx, name='m1.tiny', memory_mb=512, vcpus=1,
                            root_gb=1, extra_specs={'hw:x': 'y'})
    flavor.create()
    return flavor


def _instance(ctx, **values):
    values.setdefault('project_id', ctx.project_id)
    values.setdefault('user_id', ctx.user_id)
    values.setdefault('vm_state', vm_states.BUILDING)
    values.setdefault('task_state', task_states.SCHEDULING)
    instance = objects.Instance(ctx, **values)
    instance.create()
    return instance


def test_create_and_get(ctx, via):
    flavor = _flavor(ctx)
    instance = _instance(ctx, display_name='web', flavor=flavor,
                         metadata={'role': 'web'}, access_ip_v4='10.0.0.2')
    assert uuidutils.is_uuid_like(instance.uuid)
    assert instance.id and instance.created_at and not instance.deleted
    assert instance.obj_what_changed() == set()
    loaded = objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert loaded.flavor.name == 'm1.tiny'
    assert loaded.flavor.extra_specs == {'hw:x': 'y'}
    assert loaded.metadata == {'role': 'web'}
    assert str(loaded.access_ip_v4) == '10.0.0.2'
    assert not loaded.obj_attr_is_set('fault')
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(ctx, uuidutils.generate_uuid())


def test_save_is_compare_and_swap(ctx, via):
    instance = _instance(ctx)
    other = objects.Instance.get_by_uuid(ctx, instance.uuid)
    instance.task_state = task_states.SPAWNING
    instance.save(expected_task_state=[task_states.SCHEDULING])
    assert instance.task_state == task_states.SPAWNING
    # A second writer that read the old state loses.
    other.task_state = task_states.DELETING
    with pytest.raises(exception.UnexpectedTaskStateError) as err:
        other.save(expected_task_state=task_states.SCHEDULING)
    assert err.value.kwargs['actual'] == task_states.SPAWNING
    instance.vm_state = vm_states.ACTIVE
    instance.task_state = None
    with pytest.raises(exception.UnexpectedVMStateError):
        instance.save(expected_vm_state=[vm_states.STOPPED])
    instance.save(expected_task_state=[task_states.SPAWNING],
                  expected_vm_state=[vm_states.BUILDING])
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)


def test_save_metadata_changed_in_place(ctx, via):
    instance = _instance(ctx, metadata={'a': '1', 'b': '2'})
    instance.metadata['c'] = '3'
    del instance.metadata['a']
    assert 'metadata' in instance.obj_what_changed()
    instance.save()
    assert instance.obj_what_changed() == set()
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert stored.metadata == {'b': '2', 'c': '3'}


def test_save_changed_flavor(ctx, via):
    instance = _instance(ctx, flavor=_flavor(ctx))
    instance.flavor.extra_specs['hw:z'] = 'w'
    assert 'flavor' in instance.obj_what_changed()
    instance.save()
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert stored.flavor.extra_specs == {'hw:x': 'y', 'hw:z': 'w'}


def test_fault_loaded_on_request(ctx, via):
    instance = _instance(ctx)
    objects.InstanceFault(ctx, instance_uuid=instance.uuid, code=500,
                          message='x' * 300, host='h1').create()
    loaded = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                          expected_attrs=['fault'])
    assert loaded.fault.message == 'x' * 255
    assert loaded.fault.code == 500
    # Keeps its fault across a save.
    loaded.display_name = 'renamed'
    loaded.save()
    assert loaded.fault.host == 'h1'
    clean = _instance(ctx)
    assert objects.Instance.get_by_uuid(
        ctx, clean.uuid, expected_attrs=['fault']).fault is None


def test_destroy(ctx, via):
    instance = _instance(ctx, metadata={'a': '1'})
    instance.destroy()
    assert instance.deleted and instance.deleted_at is not None
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(ctx, instance.uuid)
    deleted = objects.Instance.get_by_uuid(ctx.elevated(read_deleted='yes'),
                                           instance.uuid)
    assert deleted.deleted


def test_list_by_filters_and_host(ctx, via):
    web = _instance(ctx, display_name='web-1', host='h1')
    db_vm = _instance(ctx, display_name='db-1', host='h2')
    objects.InstanceFault(ctx, instance_uuid=db_vm.uuid, code=404,
                          message='gone').create()
    found = objects.InstanceList.get_by_filters(
        ctx, {'name': 'WEB'}, expected_attrs=['fault'])
    assert [i.uuid for i in found] == [web.uuid]
    assert found[0].fault is None
    on_h2 = objects.InstanceList.get_by_host(ctx, 'h2',
                                             expected_attrs=['fault'])
    assert [i.fault.message for i in on_h2] == ['gone']
    page = objects.InstanceList.get_by_filters(
        ctx, {}, sort_key='display_name', sort_dir='asc', limit=1)
    assert [i.display_name for i in page] == ['db-1']
    page = objects.InstanceList.get_by_filters(
        ctx, {}, sort_key='display_name', sort_dir='asc',
        marker=page[0].uuid)
    assert [i.display_name for i in page] == ['web-1']
    with pytest.raises(exception.MarkerNotFound):
        objects.InstanceList.get_by_filters(ctx, {}, marker='nope')


def test_fault_list(ctx, via):
    instance = _instance(ctx)
    for message in ('one', 'two'):
        objects.InstanceFault(ctx, instance_uuid=instance.uuid, code=500,
                              message=message).create()
    faults = objects.InstanceFaultList.get_by_instance_uuids(
        ctx, [instance.uuid])
    assert [f.message for f in faults] == ['two', 'one']
    latest = objects.InstanceFaultList.get_by_instance_uuids(
        ctx, [instance.uuid], latest=True)
    assert [f.message for f in latest] == ['two']


def test_create_twice_is_refused(ctx, db):
    instance = _instance(ctx)
    with pytest.raises(exception.ObjectActionError):
        instance.create()
