"""Allocation, RequestSpec, Selection and instance action objects."""

import sys

import pytest
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects


def _node(ctx, **values):
    node = objects.ComputeNode(ctx, host='h1', vcpus=4, memory_mb=4096,
                               local_gb=40, cpu_allocation_ratio=1.0,
                               ram_allocation_ratio=1.0,
                               disk_allocation_ratio=1.0,
                               hypervisor_hostname=uuidutils.generate_uuid(),
                               **values)
    node.create()
    return node


def _instance(ctx):
    instance = objects.Instance(ctx, project_id='p1', user_id='u1')
    instance.create()
    return instance


def test_claim_release_and_usages(ctx, via):
    node = _node(ctx)
    consumer = uuidutils.generate_uuid()
    claimed = objects.AllocationList.claim(
        ctx, node.uuid, consumer, 'p1', 'u1', {'VCPU': 2, 'MEMORY_MB': 1024})
    assert sorted((a.resource_class, a.used) for a in claimed) == [
        ('MEMORY_MB', 1024), ('VCPU', 2)]
    assert all(a.resource_provider_uuid == node.uuid for a in claimed)
    with pytest.raises(exception.ResourceClaimFailed) as err:
        objects.AllocationList.claim(ctx, node.uuid,
                                     uuidutils.generate_uuid(), 'p1', 'u1',
                                     {'VCPU': 3})
    assert 'only 2 left' in str(err.value)
    assert objects.AllocationList.get_usages(ctx) == {
        node.uuid: {'VCPU': 2, 'MEMORY_MB': 1024}}
    assert objects.AllocationList.get_usages(
        ctx, compute_node_uuid=uuidutils.generate_uuid()) == {}
    held = objects.AllocationList.get_all_by_consumer_id(ctx, consumer)
    assert len(held) == 2
    assert objects.AllocationList.delete_by_consumer(ctx, consumer) == 2
    assert objects.AllocationList.delete_by_consumer(ctx, consumer) == 0
    assert objects.ComputeNode.get_by_id(ctx, node.id).generation == 1


def test_request_spec(ctx, via):
    flavor = objects.Flavor(ctx, name='f', memory_mb=64, vcpus=1,
                            extra_specs={'k': 'v'})
    flavor.create()
    uuid = uuidutils.generate_uuid()
    spec = objects.RequestSpec(ctx, instance_uuid=uuid, project_id='p1',
                               user_id='u1', flavor=flavor, image_ref='img',
                               scheduler_hints={'group': ['g1']},
                               ignore_hosts=None, force_hosts=['h1'],
                               force_nodes=None, availability_zone='az1')
    spec.create()
    assert spec.id and spec.num_instances == 1
    with pytest.raises(exception.RequestSpecExists):
        objects.RequestSpec(ctx, instance_uuid=uuid).create()
    loaded = objects.RequestSpec.get_by_instance_uuid(ctx, uuid)
    assert loaded.flavor.extra_specs == {'k': 'v'}
    assert loaded.scheduler_hints == {'group': ['g1']}
    assert (loaded.force_hosts, loaded.ignore_hosts) == (['h1'], None)
    loaded.ignore_hosts = ['h1']
    loaded.save()
    assert objects.RequestSpec.get_by_instance_uuid(
        ctx, uuid).ignore_hosts == ['h1']
    loaded.destroy()
    with pytest.raises(exception.RequestSpecNotFound):
        objects.RequestSpec.get_by_instance_uuid(ctx, uuid)


def test_selection_defaults():
    selection = objects.Selection(service_host='h1', nodename='n1',
                                  compute_node_uuid=uuidutils.generate_uuid())
    selection.obj_set_defaults()
    assert selection.allocation == {}
    assert selection.availability_zone is None


def test_actions_and_events(ctx, via):
    instance = _instance(ctx)
    action = objects.InstanceAction.action_start(ctx, instance.uuid,
                                                 'reboot')
    assert (action.request_id, action.user_id) == ('req-test', 'u1')
    assert objects.InstanceAction.action_start(
        ctx, instance.uuid, 'reboot', want_result=False) is None
    event = objects.InstanceActionEvent.event_start(
        ctx, instance.uuid, 'compute_reboot', host='h1')
    assert event.host == 'h1' and event.finish_time is None
    done = objects.InstanceActionEvent.event_finish(ctx, instance.uuid,
                                                    'compute_reboot')
    assert done.result == 'Success'
    objects.InstanceActionEvent.event_start(ctx, instance.uuid, 'spawn')
    try:
        raise RuntimeError('disk full')
    except RuntimeError as exc:
        failed = objects.InstanceActionEvent.event_finish_with_failure(
            ctx, instance.uuid, 'spawn', exc_val=exc,
            exc_tb=sys.exc_info()[2], want_result=True)
    assert failed.result == 'Error'
    assert failed.details == 'disk full'
    assert 'raise RuntimeError' in failed.traceback
    latest = objects.InstanceAction.get_by_request_id(ctx, instance.uuid,
                                                      'req-test')
    assert latest.message == 'Error'
    finished = objects.InstanceAction.action_finish(ctx, instance.uuid)
    assert finished.finish_time is not None
    events = objects.InstanceActionEventList.get_by_action(ctx, latest.id)
    assert [e.event for e in events] == ['spawn', 'compute_reboot']
    actions = objects.InstanceActionList.get_by_instance_uuid(
        ctx, instance.uuid)
    assert len(actions) == 2
    assert objects.InstanceAction.get_by_request_id(
        ctx, instance.uuid, 'req-other') is None
    with pytest.raises(exception.InstanceActionNotFound):
        objects.InstanceActionEvent.event_start(
            ctx.elevated(), uuidutils.generate_uuid(), 'x')
