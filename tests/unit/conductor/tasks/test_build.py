"""The conductor's build workflows on the real objects (SQLite).

The scheduler runs in-process (its claims are real); casts to computes
are recorded by a mock.
"""

from unittest import mock

import oslo_messaging as messaging
import pytest

from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor.tasks import build
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import manager as scheduler_manager
from tests.unit import boot_fakes

NO_HOST = 'No valid host was found. There are not enough hosts available.'


class InProcessScheduler:
    """SchedulerAPI as the conductor sees it, without RPC."""

    def __init__(self):
        self.manager = scheduler_manager.SchedulerManager(host='sched')
        self.calls = 0

    def select_destinations(self, context, request_spec, instance_uuids,
                            return_alternates=True):
        self.calls += 1
        try:
            return self.manager.select_destinations(
                context, request_spec, instance_uuids,
                return_alternates=return_alternates)
        except messaging.ExpectedException as exc:
            raise exc.exc_info[1]


@pytest.fixture
def cloud(boot_db, ctx, conf):
    conf.config(fixed_range='10.0.0.0/24', group='network')
    return [boot_fakes.add_compute(ctx, 'host1'),
            boot_fakes.add_compute(ctx, 'host2')]


@pytest.fixture
def scheduler(cloud):
    return InProcessScheduler()


@pytest.fixture
def computes():
    return mock.Mock()


def _schedule(ctx, instances, spec, scheduler, computes, networks='auto'):
    build.ScheduleAndBuildTask(
        ctx, 'cond', instances, spec, spec.image_ref, networks, scheduler,
        computes).execute()


def _events(ctx, uuid):
    action = objects.InstanceAction.get_by_request_id(ctx, uuid,
                                                      ctx.request_id)
    return {e.event: e for e in objects.InstanceActionEventList.get_by_action(
        ctx, action.id)}


def _casts(computes):
    return [c.kwargs for c in computes.build_and_run_instance.call_args_list]


def test_schedule_and_build(ctx, scheduler, computes):
    spec = boot_fakes.request_spec(ctx, num_instances=2)
    instances = boot_fakes.create_instances(ctx, spec, 2)
    _schedule(ctx, instances, spec, scheduler, computes)

    assert scheduler.calls == 1
    casts = _casts(computes)
    assert [c['instance'].uuid for c in casts] == [i.uuid for i in instances]
    hosts = set()
    for cast, instance in zip(casts, instances):
        stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
        selection = cast['selection']
        assert (stored.host, stored.node) == (selection.service_host,
                                              selection.nodename)
        assert stored.availability_zone == 'nova'
        assert (stored.vm_state, stored.task_state) == (
            vm_states.BUILDING, task_states.SCHEDULING)
        assert cast['num_attempts'] == 1
        assert [a.service_host for a in cast['alternates']] == [
            h for h in ('host1', 'host2') if h != selection.service_host]
        [nic] = cast['network_info']
        assert nic['network'] == 'private' and nic['version'] == 4
        assert nic['address'].startswith('10.0.0.')
        assert cast['request_spec'] is spec
        assert boot_fakes.usage_of(ctx, instance.uuid) == {
            selection.compute_node_uuid: selection.allocation}
        event = _events(ctx, instance.uuid)[build.SCHEDULE_EVENT]
        assert event.result == 'Success' and event.host == 'cond'
        hosts.add(selection.service_host)
    assert hosts == {'host1', 'host2'}
    addresses = {c['network_info'][0]['address'] for c in casts}
    assert len(addresses) == 2


def test_no_network(ctx, scheduler, computes):
    spec = boot_fakes.request_spec(ctx)
    instances = boot_fakes.create_instances(ctx, spec)
    with mock.patch.object(objects.FixedIPList,
                           'allocate_for_instances') as allocate:
        _schedule(ctx, instances, spec, scheduler, computes, networks='none')
    allocate.assert_not_called()
    assert _casts(computes)[0]['network_info'] == []


def test_no_valid_host_sets_every_instance_to_error(ctx, scheduler,
                                                    computes):
    spec = boot_fakes.request_spec(ctx, boot_fakes.flavor(memory_mb=6000),
                                   num_instances=3)
    instances = boot_fakes.create_instances(ctx, spec, 3)
    _schedule(ctx, instances, spec, scheduler, computes)

    computes.build_and_run_instance.assert_not_called()
    for instance in instances:
        stored = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                              expected_attrs=['fault'])
        assert (stored.vm_state, stored.task_state) == (vm_states.ERROR,
                                                        None)
        assert stored.fault.code == 500
        assert stored.fault.message == NO_HOST
        assert 'RamFilter' in stored.fault.details
        assert stored.fault.host == 'cond'
        assert boot_fakes.usage_of(ctx, instance.uuid) == {}
        assert _events(ctx, instance.uuid)[
            build.SCHEDULE_EVENT].result == 'Error'
    assert objects.FixedIPList.get_by_instance_uuids(
        ctx, [i.uuid for i in instances]).objects == []


def test_instance_deleted_while_scheduling(ctx, scheduler, computes):
    spec = boot_fakes.request_spec(ctx, num_instances=2)
    doomed, kept = boot_fakes.create_instances(ctx, spec, 2)
    real_select = scheduler.select_destinations

    def select_then_delete(*args, **kwargs):
        result = real_select(*args, **kwargs)
        objects.Instance.get_by_uuid(ctx, doomed.uuid).destroy()
        return result

    scheduler.select_destinations = select_then_delete
    _schedule(ctx, [doomed, kept], spec, scheduler, computes)
    assert [c['instance'].uuid for c in _casts(computes)] == [kept.uuid]
    assert boot_fakes.usage_of(ctx, doomed.uuid) == {}
    assert boot_fakes.usage_of(ctx, kept.uuid) != {}


def test_instance_deleted_before_its_address(ctx, scheduler, computes):
    spec = boot_fakes.request_spec(ctx, num_instances=2)
    doomed, kept = boot_fakes.create_instances(ctx, spec, 2)
    real_allocate = objects.FixedIPList.allocate_for_instances
    calls = []

    def allocate(context, uuids, label):
        calls.append(list(uuids))
        if len(calls) == 1:
            raise exception.InstanceNotFound(instance_id=doomed.uuid)
        return real_allocate(context, uuids, label)

    with mock.patch.object(objects.FixedIPList, 'allocate_for_instances',
                           side_effect=allocate):
        _schedule(ctx, [doomed, kept], spec, scheduler, computes)
    assert calls == [[doomed.uuid, kept.uuid], [kept.uuid]]
    assert [c['instance'].uuid for c in _casts(computes)] == [kept.uuid]
    assert boot_fakes.usage_of(ctx, doomed.uuid) == {}


def test_failure_after_scheduling_releases_the_claims(ctx, scheduler,
                                                      computes):
    spec = boot_fakes.request_spec(ctx, num_instances=2)
    instances = boot_fakes.create_instances(ctx, spec, 2)
    with mock.patch.object(objects.FixedIPList, 'allocate_for_instances',
                           side_effect=exception.NoMoreFixedIps(
                               net='private')):
        _schedule(ctx, instances, spec, scheduler, computes)
    computes.build_and_run_instance.assert_not_called()
    for instance in instances:
        stored = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                              expected_attrs=['fault'])
        assert stored.vm_state == vm_states.ERROR
        assert stored.fault.message == (
            exception.NoMoreFixedIps(net='private').format_message())
        assert boot_fakes.usage_of(ctx, instance.uuid) == {}


def test_unexpected_error_still_ends_in_error(ctx, scheduler, computes):
    spec = boot_fakes.request_spec(ctx)
    [instance] = boot_fakes.create_instances(ctx, spec)
    scheduler.select_destinations = mock.Mock(
        side_effect=messaging.MessagingTimeout('no scheduler'))
    _schedule(ctx, [instance], spec, scheduler, computes)
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                          expected_attrs=['fault'])
    assert stored.vm_state == vm_states.ERROR
    assert stored.fault.message == 'MessagingTimeout'
    assert 'no scheduler' in stored.fault.details


def test_the_conductor_gives_the_scheduler_the_image(ctx, scheduler,
                                                     computes):
    image = objects.Image(ctx, name='cirros', visibility='public',
                          owner='p1', properties={'img_hv_type': 'fake'})
    image.create()
    spec = boot_fakes.request_spec(ctx, image_ref=image.id)
    spec.obj_reset_changes()
    del spec.image
    [instance] = boot_fakes.create_instances(ctx, spec)
    _schedule(ctx, [instance], spec, scheduler, computes)
    cast = _casts(computes)[0]
    assert cast['request_spec'].image.properties == {'img_hv_type': 'fake'}


# --- reschedules --------------------------------------------------------------

def _first_build(ctx, scheduler, computes, count=1):
    spec = boot_fakes.request_spec(ctx, num_instances=count)
    instances = boot_fakes.create_instances(ctx, spec, count)
    _schedule(ctx, instances, spec, scheduler, computes)
    cast = _casts(computes)[0]
    computes.reset_mock()
    # What the compute does before it asks for a reschedule.
    instance = objects.Instance.get_by_uuid(ctx, cast['instance'].uuid)
    objects.AllocationList.delete_by_consumer(ctx, instance.uuid)
    instance.host = instance.node = None
    instance.save()
    return instance, spec, cast


def _reschedule(ctx, instance, spec, alternates, num_attempts, computes):
    build.RescheduleTask(ctx, 'cond', instance, spec, alternates,
                         num_attempts, computes).execute()


def test_reschedule_claims_the_next_alternate(ctx, scheduler, computes):
    instance, spec, first = _first_build(ctx, scheduler, computes)
    [alternate] = first['alternates']
    _reschedule(ctx, instance, spec, first['alternates'], 1, computes)
    [cast] = _casts(computes)
    assert cast['selection'].service_host == alternate.service_host
    assert cast['alternates'] == []
    assert cast['num_attempts'] == 2
    # Same address as the first attempt.
    assert cast['network_info'] == first['network_info']
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert stored.host == alternate.service_host
    assert boot_fakes.usage_of(ctx, instance.uuid) == {
        alternate.compute_node_uuid: alternate.allocation}
    assert _events(ctx, instance.uuid)[
        build.RESCHEDULE_EVENT].result == 'Success'


def test_reschedule_skips_a_full_alternate(ctx, scheduler, computes, conf):
    boot_fakes.add_compute(ctx, 'host3')
    conf.config(max_attempts=3, group='scheduler')
    instance, spec, first = _first_build(ctx, scheduler, computes)
    full, free = first['alternates']
    objects.AllocationList.claim(ctx, full.compute_node_uuid,
                                 'f' * 8 + '-0000-0000-0000-' + '0' * 12,
                                 'p', 'u', {'MEMORY_MB': 8192})
    _reschedule(ctx, instance, spec, first['alternates'], 1, computes)
    [cast] = _casts(computes)
    assert cast['selection'].service_host == free.service_host
    assert cast['alternates'] == []


@pytest.mark.parametrize('num_attempts, keep_alternates', [
    (3, True),   # max_attempts reached
    (1, False),  # no alternate left
])
def test_reschedule_gives_up(ctx, scheduler, computes, conf, num_attempts,
                             keep_alternates):
    conf.config(max_attempts=3, group='scheduler')
    instance, spec, first = _first_build(ctx, scheduler, computes)
    alternates = first['alternates'] if keep_alternates else []
    _reschedule(ctx, instance, spec, alternates, num_attempts, computes)
    computes.build_and_run_instance.assert_not_called()
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                          expected_attrs=['fault'])
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert stored.fault.message == (
        'Exceeded maximum number of retries. Exhausted all hosts available '
        'for retrying build failures for instance %s.' % instance.uuid)
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
    assert _events(ctx, instance.uuid)[
        build.RESCHEDULE_EVENT].result == 'Error'


def test_reschedule_of_a_deleted_instance(ctx, scheduler, computes):
    instance, spec, first = _first_build(ctx, scheduler, computes)
    objects.Instance.get_by_uuid(ctx, instance.uuid).destroy()
    _reschedule(ctx, instance, spec, first['alternates'], 1, computes)
    computes.build_and_run_instance.assert_not_called()
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}
