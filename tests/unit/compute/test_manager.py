"""ComputeManager: build_and_run_instance and terminate_instance on the
real objects (SQLite) and the fake driver."""

import threading
import time
from unittest import mock

import pytest

from nova_lite.compute import manager
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from tests.unit import boot_fakes
from tests.unit.objects import fake_conductor

BUILD_EVENT = 'compute_build_and_run_instance'


@pytest.fixture
def ctx():
    return boot_fakes.user_context()


@pytest.fixture
def cloud(db, ctx, conf):
    return {'host1': boot_fakes.add_compute(ctx, 'host1'),
            'host2': boot_fakes.add_compute(ctx, 'host2')}


@pytest.fixture
def compute(cloud, conf):
    mgr = manager.ComputeManager(host='host1')
    mgr.init_host()
    mgr.compute_task_api = mock.Mock()
    mgr.builder.compute_task_api = mgr.compute_task_api
    return mgr


def _selection(node):
    return objects.Selection(
        service_host=node.host, nodename=node.hypervisor_hostname,
        compute_node_uuid=node.uuid, availability_zone='nova',
        allocation={'VCPU': 1, 'MEMORY_MB': 1024, 'DISK_GB': 10})


@pytest.fixture
def placed(ctx, cloud):
    """An instance the conductor has placed on host1 (claimed there)."""
    spec = boot_fakes.request_spec(ctx)
    [instance] = boot_fakes.create_instances(ctx, spec)
    selection = _selection(cloud['host1'])
    objects.AllocationList.claim(ctx, selection.compute_node_uuid,
                                 instance.uuid, 'p1', 'u1',
                                 selection.allocation)
    instance.host, instance.node = 'host1', 'host1'
    instance.save()
    return {'instance': instance, 'spec': spec, 'selection': selection,
            'alternates': [_selection(cloud['host2'])]}


def _build(compute, ctx, placed, num_attempts=1):
    compute.build_and_run_instance(
        ctx, instance=placed['instance'], request_spec=placed['spec'],
        selection=placed['selection'], alternates=placed['alternates'],
        network_info=[{'network': 'private', 'address': '10.0.0.2',
                       'mac': 'fa:16:3e:00:00:01', 'version': 4}],
        num_attempts=num_attempts)


def _stored(ctx, instance):
    return objects.Instance.get_by_uuid(ctx, instance.uuid,
                                        expected_attrs=['fault'])


def _event(ctx, uuid, name=BUILD_EVENT):
    action = objects.InstanceAction.get_by_request_id(ctx, uuid,
                                                      ctx.request_id)
    return {e.event: e for e in objects.InstanceActionEventList.get_by_action(
        ctx, action.id)}[name]


def test_build_success(compute, ctx, placed):
    instance = placed['instance']
    with mock.patch.object(compute.driver, 'spawn',
                           wraps=compute.driver.spawn) as spawn:
        _build(compute, ctx, placed)
    args = spawn.call_args.args
    assert args[2]['id'] == instance.image_ref
    assert args[3][0]['address'] == '10.0.0.2'
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state, stored.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert stored.launched_at is not None and stored.fault is None
    assert compute.driver.get_info(stored).state == power_state.RUNNING
    event = _event(ctx, instance.uuid)
    assert (event.result, event.host) == ('Success', 'host1')
    compute.compute_task_api.build_instances.assert_not_called()


def test_build_round_trips(compute, ctx, placed):
    with boot_fakes.indirection(fake_conductor.FakeConductor()) as fake:
        _build(compute, ctx, placed)
    # The build event's start and finish ride on the two saves.
    assert fake.calls == [('Instance', 'save'), ('Instance', 'save')]
    event = _event(ctx, placed['instance'].uuid)
    assert (event.event, event.result, event.host) == (
        'compute_build_and_run_instance', 'Success', compute.host)
    assert event.start_time and event.finish_time


def test_reschedulable_failure(compute, ctx, conf, placed):
    conf.config(spawn_failure='reschedule', group='fake_driver')
    instance = placed['instance']
    _build(compute, ctx, placed)
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.BUILDING, task_states.SCHEDULING)
    assert (stored.host, stored.node) == (None, None)
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
    call = compute.compute_task_api.build_instances.call_args
    assert call.kwargs['instance'].uuid == instance.uuid
    assert call.kwargs['alternates'] == placed['alternates']
    assert call.kwargs['num_attempts'] == 1
    assert call.kwargs['request_spec'] is placed['spec']
    event = _event(ctx, instance.uuid)
    assert event.result == 'Error' and 're-scheduled' in event.details
    assert compute.driver.list_instances() == []


def test_fatal_failure(compute, ctx, conf, placed):
    conf.config(spawn_failure='fatal', group='fake_driver')
    instance = placed['instance']
    _build(compute, ctx, placed)
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert stored.fault.code == 500
    assert stored.fault.message == (
        'Failed to deploy instance: fake driver on host1: spawn_failure = '
        'fatal')
    assert stored.fault.host == 'host1'
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
    compute.compute_task_api.build_instances.assert_not_called()
    assert _event(ctx, instance.uuid).result == 'Error'


def test_unexpected_driver_error(compute, ctx, placed):
    with mock.patch.object(compute.driver, 'spawn',
                           side_effect=KeyError('boom')):
        _build(compute, ctx, placed)
    stored = _stored(ctx, placed['instance'])
    assert stored.vm_state == vm_states.ERROR
    assert stored.fault.message == 'KeyError'
    assert 'boom' in stored.fault.details


def test_reschedule_cast_failure_ends_in_error(compute, ctx, conf, placed):
    conf.config(spawn_failure='reschedule', group='fake_driver')
    compute.compute_task_api.build_instances.side_effect = OSError('down')
    _build(compute, ctx, placed)
    stored = _stored(ctx, placed['instance'])
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)


def test_deleted_before_the_build(compute, ctx, placed):
    instance = placed['instance']
    objects.Instance.get_by_uuid(ctx, instance.uuid).destroy()
    with mock.patch.object(compute.driver, 'spawn') as spawn:
        _build(compute, ctx, placed)
    spawn.assert_not_called()


def test_being_deleted_before_the_build(compute, ctx, placed):
    instance = placed['instance']
    other = objects.Instance.get_by_uuid(ctx, instance.uuid)
    other.task_state = task_states.DELETING
    other.save()
    with mock.patch.object(compute.driver, 'spawn') as spawn:
        _build(compute, ctx, placed)
    spawn.assert_not_called()
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
    assert _stored(ctx, instance).task_state == task_states.DELETING


def test_a_delete_during_the_spawn_wins(compute, ctx, placed):
    instance = placed['instance']
    real_spawn = compute.driver.spawn

    def spawn_while_deleted(*args, **kwargs):
        real_spawn(*args, **kwargs)
        other = objects.Instance.get_by_uuid(ctx, instance.uuid)
        other.task_state = task_states.DELETING
        other.save()

    with mock.patch.object(compute.driver, 'spawn',
                           side_effect=spawn_while_deleted):
        _build(compute, ctx, placed)
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.BUILDING, task_states.DELETING)
    # The terminate that the delete cast removes the guest and the rest.
    compute.terminate_instance(ctx, stored)
    assert compute.driver.list_instances() == []
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(ctx, instance.uuid)


def test_instance_deleted_locally_during_the_spawn(compute, ctx, placed):
    instance = placed['instance']
    real_spawn = compute.driver.spawn

    def spawn_while_destroyed(*args, **kwargs):
        real_spawn(*args, **kwargs)
        objects.Instance.get_by_uuid(ctx, instance.uuid).destroy()

    with mock.patch.object(compute.driver, 'spawn',
                           side_effect=spawn_while_destroyed):
        _build(compute, ctx, placed)
    assert compute.driver.list_instances() == []


def test_terminate(compute, ctx, placed):
    instance = placed['instance']
    _build(compute, ctx, placed)
    stored = _stored(ctx, instance)
    with mock.patch.object(objects.AllocationList, 'delete_by_consumer',
                           wraps=objects.AllocationList.delete_by_consumer
                           ) as release:
        compute.terminate_instance(ctx, stored)
    # Instance.destroy releases the allocations itself, in one call.
    release.assert_not_called()
    assert compute.driver.list_instances() == []
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
    # Again: nothing left to do, and no error.
    compute.terminate_instance(ctx, stored)


def test_terminate_failure_sets_error(compute, ctx, placed):
    _build(compute, ctx, placed)
    stored = _stored(ctx, placed['instance'])
    stored.task_state = task_states.DELETING
    stored.save()
    with mock.patch.object(compute.driver, 'destroy',
                           side_effect=OSError('stuck')):
        compute.terminate_instance(ctx, stored)
    stored = _stored(ctx, placed['instance'])
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert stored.fault.message == 'OSError'


def test_build_and_terminate_do_not_interleave(compute, ctx, conf, placed):
    conf.config(spawn_delay=0.3, group='fake_driver')
    order = []
    real_spawn, real_destroy = compute.driver.spawn, compute.driver.destroy

    def spawn(*args, **kwargs):
        order.append('spawn')
        real_spawn(*args, **kwargs)
        order.append('spawned')

    def destroy(*args, **kwargs):
        order.append('destroy')
        real_destroy(*args, **kwargs)

    with mock.patch.object(compute.driver, 'spawn', side_effect=spawn), \
            mock.patch.object(compute.driver, 'destroy',
                              side_effect=destroy):
        builder = threading.Thread(target=_build,
                                   args=(compute, ctx, placed))
        builder.start()
        while not order:
            time.sleep(0.01)
        compute.terminate_instance(ctx, placed['instance'])
        builder.join()
    assert order == ['spawn', 'spawned', 'destroy']
    assert compute.driver.list_instances() == []
