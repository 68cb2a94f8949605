"""The compute side of the simple actions (ComputeManager endpoints and
compute/actions.py) on the real objects (SQLite) and the fake driver."""

from unittest import mock

import oslo_messaging as messaging
from oslo_utils import timeutils
import pytest

from nova_lite.compute import manager
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from tests.unit import boot_fakes


@pytest.fixture
def compute(db, conf):
    ctx = boot_fakes.user_context()
    boot_fakes.add_compute(ctx, 'host1')
    mgr = manager.ComputeManager(host='host1')
    mgr.init_host()
    return mgr


@pytest.fixture
def server(compute):
    """An ACTIVE instance whose guest runs on host1."""
    ctx = boot_fakes.user_context()
    [instance] = boot_fakes.create_instances(ctx,
                                             boot_fakes.request_spec(ctx))
    compute.driver.spawn(ctx, instance, image_meta={})
    instance.host = instance.node = 'host1'
    instance.vm_state, instance.task_state = vm_states.ACTIVE, None
    instance.power_state = power_state.RUNNING
    instance.launched_at = timeutils.utcnow()
    instance.save()
    return instance


def _request(instance, task_state, action, name='req-1'):
    """What compute.api did: the task state and the instance action, in a
    request of its own. Returns (context, the instance as cast)."""
    ctx = nl_context.RequestContext(user_id='u1', project_id='p1',
                                    request_id=name)
    instance = objects.Instance.get_by_uuid(ctx, instance.uuid)
    instance.task_state = task_state
    instance.save()
    objects.InstanceAction.action_start(ctx, instance.uuid, action)
    return ctx, instance


def _stored(ctx, instance):
    return objects.Instance.get_by_uuid(ctx, instance.uuid,
                                        expected_attrs=['fault'])


def _event(ctx, instance):
    action = objects.InstanceAction.get_by_request_id(ctx, instance.uuid,
                                                      ctx.request_id)
    [event] = objects.InstanceActionEventList.get_by_action(ctx, action.id)
    return event


def _states(ctx, instance):
    stored = _stored(ctx, instance)
    return stored.vm_state, stored.task_state, stored.power_state


# (method, task state the API set, action, vm_state and power_state after)
STEPS = [
    ('stop_instance', task_states.POWERING_OFF, 'stop',
     vm_states.STOPPED, power_state.SHUTDOWN),
    ('start_instance', task_states.POWERING_ON, 'start',
     vm_states.ACTIVE, power_state.RUNNING),
    ('pause_instance', task_states.PAUSING, 'pause',
     vm_states.PAUSED, power_state.PAUSED),
    ('unpause_instance', task_states.UNPAUSING, 'unpause',
     vm_states.ACTIVE, power_state.RUNNING),
    ('suspend_instance', task_states.SUSPENDING, 'suspend',
     vm_states.SUSPENDED, power_state.SUSPENDED),
    ('resume_instance', task_states.RESUMING, 'resume',
     vm_states.ACTIVE, power_state.RUNNING),
]


def test_each_action_in_turn(compute, server):
    for number, (method, task, action, vm_state, power) in enumerate(STEPS):
        ctx, instance = _request(server, task, action, 'req-%d' % number)
        getattr(compute, method)(ctx, instance=instance)
        assert _states(ctx, server) == (vm_state, None, power), method
        assert compute.driver.get_info(server).state == power
        event = _event(ctx, server)
        assert (event.event, event.result, event.host) == (
            'compute_' + method, 'Success', 'host1')
    assert _stored(ctx, server).fault is None


@pytest.mark.parametrize('reboot_type, task, started', [
    ('SOFT', task_states.REBOOTING, task_states.REBOOT_STARTED),
    ('HARD', task_states.REBOOTING_HARD, task_states.REBOOT_STARTED_HARD),
])
def test_reboot(compute, server, reboot_type, task, started):
    compute.driver.power_off(server)
    ctx, instance = _request(server, task, 'reboot')
    seen = []
    real_reboot = compute.driver.reboot

    def reboot(*args):
        seen.append(_stored(ctx, server).task_state)
        real_reboot(*args)

    with mock.patch.object(compute.driver, 'reboot', side_effect=reboot):
        compute.reboot_instance(ctx, instance=instance,
                                reboot_type=reboot_type)
    assert seen == [started]
    assert _states(ctx, server) == (vm_states.ACTIVE, None,
                                    power_state.RUNNING)
    event = _event(ctx, server)
    assert (event.event, event.result) == ('compute_reboot_instance',
                                           'Success')


def test_driver_failure_gives_the_task_back_with_a_fault(compute, server):
    ctx, instance = _request(server, task_states.PAUSING, 'pause')
    with mock.patch.object(compute.driver, 'pause',
                           side_effect=OSError('hypervisor says no')):
        compute.pause_instance(ctx, instance=instance)
    stored = _stored(ctx, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert (stored.fault.code, stored.fault.message) == (500, 'OSError')
    assert 'hypervisor says no' in stored.fault.details
    event = _event(ctx, server)
    assert event.result == 'Error' and 'hypervisor says no' in event.details


def test_a_guest_in_the_wrong_power_state(compute, server):
    """The fake driver refuses to unpause a running guest: a 409 fault."""
    ctx, instance = _request(server, task_states.UNPAUSING, 'unpause')
    compute.unpause_instance(ctx, instance=instance)
    stored = _stored(ctx, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert stored.fault.code == 409
    assert 'power_state running' in stored.fault.message


def test_a_lost_guest_is_a_fault_not_a_stuck_task(compute, server):
    compute.driver.destroy(None, server)
    ctx, instance = _request(server, task_states.POWERING_OFF, 'stop')
    compute.stop_instance(ctx, instance=instance)
    stored = _stored(ctx, server)
    assert stored.task_state is None
    assert stored.fault.code == 404


def test_failed_reboot_of_a_stopped_guest_is_error(compute, server):
    compute.driver.power_off(server)
    ctx, instance = _request(server, task_states.REBOOTING_HARD, 'reboot')
    with mock.patch.object(compute.driver, 'reboot',
                           side_effect=OSError('no boot disk')):
        compute.reboot_instance(ctx, instance=instance, reboot_type='HARD')
    stored = _stored(ctx, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ERROR, None)
    assert stored.fault.message == 'OSError'
    assert _event(ctx, server).result == 'Error'


def test_failed_reboot_of_a_running_guest_stays_active(compute, server):
    ctx, instance = _request(server, task_states.REBOOTING, 'reboot')
    with mock.patch.object(compute.driver, 'reboot',
                           side_effect=OSError('guest agent timeout')):
        compute.reboot_instance(ctx, instance=instance, reboot_type='SOFT')
    stored = _stored(ctx, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert stored.fault.message == 'OSError'


def test_a_delete_that_takes_over_wins(compute, server):
    """A delete during the driver call: the action does not overwrite its
    task state, and records no fault."""
    ctx, instance = _request(server, task_states.POWERING_OFF, 'stop')
    real_power_off = compute.driver.power_off

    def power_off_while_deleted(*args, **kwargs):
        real_power_off(*args, **kwargs)
        other = objects.Instance.get_by_uuid(ctx, server.uuid)
        other.task_state = task_states.DELETING
        other.save()

    with mock.patch.object(compute.driver, 'power_off',
                           side_effect=power_off_while_deleted):
        compute.stop_instance(ctx, instance=instance)
    stored = _stored(ctx, server)
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE,
                                                    task_states.DELETING)
    assert stored.fault is None


def test_a_reboot_overtaken_before_it_starts(compute, server):
    """The cast arrives after a hard reboot replaced the soft one: the soft
    reboot does nothing."""
    ctx, instance = _request(server, task_states.REBOOTING, 'reboot')
    other = objects.Instance.get_by_uuid(ctx, server.uuid)
    other.task_state = task_states.REBOOTING_HARD
    other.save()
    with mock.patch.object(compute.driver, 'reboot') as reboot:
        compute.reboot_instance(ctx, instance=instance, reboot_type='SOFT')
    reboot.assert_not_called()
    stored = _stored(ctx, server)
    assert (stored.vm_state, stored.task_state) == (
        vm_states.ACTIVE, task_states.REBOOTING_HARD)
    assert stored.fault is None


def test_a_deleted_instance(compute, server):
    ctx, instance = _request(server, task_states.PAUSING, 'pause')
    objects.Instance.get_by_uuid(ctx, server.uuid).destroy()
    compute.driver.destroy(ctx, server)
    compute.pause_instance(ctx, instance=instance)  # no error


@pytest.mark.parametrize('tail_length, lines', [(None, 4), (2, 2), (0, 0),
                                                (100, 4)])
def test_get_console_output(compute, server, tail_length, lines):
    ctx = boot_fakes.user_context()
    full = compute.get_console_output(ctx, instance=server, tail_length=None)
    assert server.uuid in full
    output = compute.get_console_output(ctx, instance=server,
                                        tail_length=tail_length)
    assert len(output.splitlines()) == lines
    assert full.endswith(output)


def test_get_console_output_of_a_missing_guest(compute, server):
    compute.driver.destroy(None, server)
    # Expected: the RPC server sends it back without logging a traceback.
    with pytest.raises(messaging.ExpectedException) as info:
        compute.get_console_output(boot_fakes.user_context(),
                                   instance=server, tail_length=None)
    assert isinstance(info.value.exc_info[1], exception.InstanceNotFound)


def test_actions_hold_the_instance_lock(compute, server):
    ctx, instance = _request(server, task_states.PAUSING, 'pause')
    held = []

    def pause(inst):
        # Another holder of the lock would block here.
        lock = compute._instance_locks.get(server.uuid)
        held.append(lock.acquire(blocking=False))

    with mock.patch.object(compute.driver, 'pause', side_effect=pause):
        compute.pause_instance(ctx, instance=instance)
    assert held == [False]
