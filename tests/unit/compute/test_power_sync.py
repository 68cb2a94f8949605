"""_sync_power_states (compute/power_sync.py) on the real objects (SQLite)
and a driver double: every branch of Nova's reconciliation table."""

from unittest import mock
import uuid

from oslo_concurrency import lockutils
import pytest

from nova_lite.compute import manager
from nova_lite.compute import power_state as ps
from nova_lite.compute import power_sync
from nova_lite.compute import task_states as ts
from nova_lite.compute import vm_states as vs
from nova_lite import objects
from tests.unit import boot_fakes
from tests.unit.compute import guest_stub
from tests.unit.objects import fake_conductor

HOST = 'host1'


@pytest.fixture
def ctx():
    return boot_fakes.user_context()


@pytest.fixture
def node(db, ctx, conf):
    return boot_fakes.add_compute(ctx, HOST)


@pytest.fixture
def driver():
    return guest_stub.GuestStub()


@pytest.fixture
def semaphores():
    return lockutils.Semaphores()


@pytest.fixture
def sync(driver, semaphores):
    return power_sync.PowerStateSync(HOST, driver, semaphores)


@pytest.fixture
def make(ctx, node, driver):
    """An instance of host1 in ``vm_state`` (power ``power`` in the DB)
    whose guest is ``guest`` (None: no guest)."""
    def make(vm_state, guest, power=ps.RUNNING, task_state=None,
             host=HOST):
        spec = boot_fakes.request_spec(ctx)
        [instance] = boot_fakes.create_instances(ctx, spec)
        instance.host = instance.node = host
        instance.vm_state, instance.task_state = vm_state, task_state
        instance.power_state = power
        instance.save()
        if guest is not None:
            driver.guests[instance.uuid] = guest
        return instance
    return make


def _states(ctx, instance):
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
    return stored.vm_state, stored.task_state, stored.power_state


def _actions(ctx, instance):
    """[(action, request_id, {event: result})] of the instance."""
    found = []
    for action in objects.InstanceActionList.get_by_instance_uuid(
            ctx, instance.uuid):
        events = objects.InstanceActionEventList.get_by_action(ctx,
                                                               action.id)
        found.append((action.action, action.finish_time is not None,
                      {e.event: (e.result, e.host) for e in events}))
    return found


# -- nothing to do, or only the power state -------------------------------------

def test_agreeing_instances_cost_one_call(ctx, make, driver, sync):
    instances = [make(vs.ACTIVE, ps.RUNNING),
                 make(vs.STOPPED, ps.SHUTDOWN, power=ps.SHUTDOWN)]
    with boot_fakes.indirection(fake_conductor.FakeConductor()) as fake:
        assert sync.sync(ctx) == {}
    assert fake.calls == [('InstanceList', 'get_by_host')]
    assert driver.calls == []
    assert [_states(ctx, i) for i in instances] == [
        (vs.ACTIVE, None, ps.RUNNING), (vs.STOPPED, None, ps.SHUTDOWN)]


@pytest.mark.parametrize('vm_state,guest', [
    (vs.ACTIVE, ps.PAUSED),          # Nova: paused by the hypervisor
    (vs.ACTIVE, None),               # Nova: maybe not listed for a while
    (vs.STOPPED, ps.SHUTDOWN),
    (vs.STOPPED, ps.CRASHED),
    (vs.STOPPED, None),
    (vs.PAUSED, ps.RUNNING),
    (vs.SUSPENDED, ps.SHUTDOWN),
    (vs.ERROR, ps.SHUTDOWN),
    (vs.BUILDING, ps.RUNNING),
    (vs.RESIZED, ps.SHUTDOWN),
])
def test_only_the_power_state_is_stored(ctx, make, driver, sync, vm_state,
                                        guest):
    instance = make(vm_state, guest, power=ps.SUSPENDED
                    if guest != ps.SUSPENDED else ps.RUNNING)
    assert sync.sync(ctx) == {instance.uuid: 'power_state'}
    expected_power = ps.NOSTATE if guest is None else guest
    assert _states(ctx, instance) == (vm_state, None, expected_power)
    assert driver.calls == []
    assert _actions(ctx, instance) == [('create', False, {})]


# -- stops ------------------------------------------------------------------------

@pytest.mark.parametrize('vm_state,guest', [
    (vs.ACTIVE, ps.SHUTDOWN),
    (vs.ACTIVE, ps.CRASHED),
    (vs.ACTIVE, ps.SUSPENDED),
    (vs.STOPPED, ps.RUNNING),
    (vs.STOPPED, ps.PAUSED),
    (vs.STOPPED, ps.SUSPENDED),
    (vs.PAUSED, ps.SHUTDOWN),
    (vs.PAUSED, ps.CRASHED),
])
def test_mismatches_stop_the_instance(ctx, make, driver, sync, vm_state,
                                      guest):
    db_power = ps.SHUTDOWN if vm_state == vs.STOPPED else ps.RUNNING
    instance = make(vm_state, guest, power=db_power)
    assert sync.sync(ctx) == {instance.uuid: 'stopped'}
    assert driver.calls == [('power_off', instance.uuid)]
    assert driver.guests[instance.uuid] == ps.SHUTDOWN
    assert _states(ctx, instance) == (vs.STOPPED, None, ps.SHUTDOWN)
    # Recorded as a stop, newest first, with the compute's event.
    assert _actions(ctx, instance)[0] == (
        'stop', True, {'compute_stop_instance': ('Success', HOST)})


def test_a_stop_claims_the_instance_while_the_guest_powers_off(
        ctx, make, driver, sync):
    instance = make(vs.ACTIVE, ps.SHUTDOWN)
    seen = []
    real_power_off = driver.power_off

    def power_off(inst, **kwargs):
        seen.append(_states(ctx, instance))
        real_power_off(inst, **kwargs)
    driver.power_off = power_off
    sync.sync(ctx)
    assert seen == [(vs.ACTIVE, ts.POWERING_OFF, ps.SHUTDOWN)]


def test_a_failed_power_off_reverts_the_task_and_is_retried(
        ctx, make, driver, sync):
    instance = make(vs.STOPPED, ps.RUNNING, power=ps.SHUTDOWN)
    driver.fail['power_off'] = OSError('hypervisor busy')
    assert sync.sync(ctx) == {instance.uuid: 'failed'}
    assert _states(ctx, instance) == (vs.STOPPED, None, ps.RUNNING)
    [stop, _create] = _actions(ctx, instance)
    assert stop[0] == 'stop' and stop[2] == {
        'compute_stop_instance': ('Error', HOST)}
    del driver.fail['power_off']
    assert sync.sync(ctx) == {instance.uuid: 'stopped'}
    assert _states(ctx, instance) == (vs.STOPPED, None, ps.SHUTDOWN)


# -- never fighting an action -----------------------------------------------------

@pytest.mark.parametrize('task_state', [ts.POWERING_ON, ts.REBOOTING,
                                        ts.SPAWNING, ts.DELETING])
def test_instances_with_a_task_are_skipped(ctx, make, driver, sync,
                                           task_state):
    instance = make(vs.STOPPED, ps.RUNNING, power=ps.SHUTDOWN,
                    task_state=task_state)
    with mock.patch.object(driver, 'get_info') as get_info:
        assert sync.sync(ctx) == {instance.uuid: 'skipped'}
    get_info.assert_not_called()
    assert _states(ctx, instance) == (vs.STOPPED, task_state, ps.SHUTDOWN)


def test_an_instance_whose_lock_is_held_is_skipped(ctx, make, driver, sync,
                                                   semaphores):
    instance = make(vs.ACTIVE, ps.SHUTDOWN)
    with lockutils.lock(instance.uuid, semaphores=semaphores):
        assert sync.sync(ctx) == {instance.uuid: 'skipped'}
    assert driver.calls == []
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.RUNNING)


def _meanwhile(driver, change):
    """Make ``change()`` happen while the sync asks the driver."""
    real_get_info = driver.get_info

    def get_info(instance):
        change()
        return real_get_info(instance)
    driver.get_info = get_info


def test_an_action_accepted_meanwhile_wins(ctx, make, driver, sync):
    # The API accepted a start after the listing: task powering-on.
    instance = make(vs.STOPPED, ps.RUNNING, power=ps.SHUTDOWN)

    def start_accepted():
        other = objects.Instance.get_by_uuid(ctx, instance.uuid)
        other.task_state = ts.POWERING_ON
        other.save()
    _meanwhile(driver, start_accepted)
    assert sync.sync(ctx) == {instance.uuid: 'skipped'}
    assert driver.calls == []
    assert _states(ctx, instance) == (vs.STOPPED, ts.POWERING_ON,
                                      ps.SHUTDOWN)


def test_an_action_finished_meanwhile_wins(ctx, make, driver, sync):
    # A start ran to its end after the listing: the stale STOPPED read
    # must not power the freshly started guest off.
    instance = make(vs.STOPPED, ps.RUNNING, power=ps.SHUTDOWN)

    def start_finished():
        other = objects.Instance.get_by_uuid(ctx, instance.uuid)
        other.vm_state, other.power_state = vs.ACTIVE, ps.RUNNING
        other.save()
    _meanwhile(driver, start_finished)
    assert sync.sync(ctx) == {instance.uuid: 'skipped'}
    assert driver.calls == []
    assert driver.guests[instance.uuid] == ps.RUNNING
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.RUNNING)


def test_a_power_state_update_also_yields(ctx, make, driver, sync):
    instance = make(vs.ACTIVE, ps.PAUSED)

    def pause_accepted():
        other = objects.Instance.get_by_uuid(ctx, instance.uuid)
        other.task_state = ts.PAUSING
        other.save()
    _meanwhile(driver, pause_accepted)
    assert sync.sync(ctx) == {instance.uuid: 'skipped'}
    assert _states(ctx, instance) == (vs.ACTIVE, ts.PAUSING, ps.RUNNING)


def test_a_deleted_instance_is_skipped(ctx, make, driver, sync):
    instance = make(vs.ACTIVE, ps.SHUTDOWN)
    _meanwhile(driver, lambda: objects.Instance.get_by_uuid(
        ctx, instance.uuid).destroy())
    assert sync.sync(ctx) == {instance.uuid: 'skipped'}
    assert driver.calls == []


# -- the rest of the host -----------------------------------------------------------

def test_unknown_guests_are_left_alone(ctx, make, driver, sync):
    stranger = str(uuid.uuid4())
    driver.guests[stranger] = ps.RUNNING
    gone = make(vs.ACTIVE, ps.RUNNING)
    objects.Instance.get_by_uuid(ctx, gone.uuid).destroy()
    elsewhere = make(vs.STOPPED, ps.RUNNING, host='host2')
    assert sync.sync(ctx) == {}
    assert driver.calls == []
    assert set(driver.guests) == {stranger, gone.uuid, elsewhere.uuid}


def test_one_failing_instance_does_not_stop_the_rest(ctx, make, driver,
                                                     sync):
    broken = make(vs.ACTIVE, ps.RUNNING)
    fine = make(vs.ACTIVE, ps.SHUTDOWN)
    real_get_info = driver.get_info

    def get_info(instance):
        if instance.uuid == broken.uuid:
            raise RuntimeError('libvirt went away')
        return real_get_info(instance)
    driver.get_info = get_info
    assert sync.sync(ctx) == {broken.uuid: 'failed', fine.uuid: 'stopped'}


def test_stop_reason_table():
    assert power_sync.stop_reason(vs.ACTIVE, ps.RUNNING) is None
    assert power_sync.stop_reason(vs.ACTIVE, ps.NOSTATE) is None
    assert power_sync.stop_reason(vs.ACTIVE, ps.PAUSED) is None
    assert power_sync.stop_reason(vs.STOPPED, ps.NOSTATE) is None
    assert power_sync.stop_reason(vs.PAUSED, ps.SUSPENDED) is None
    assert power_sync.stop_reason(vs.ERROR, ps.RUNNING) is None
    assert power_sync.stop_reason(vs.ACTIVE, ps.CRASHED) == (
        'Instance shutdown by itself.')
    assert power_sync.stop_reason(vs.STOPPED, ps.RUNNING) == (
        'Instance is not stopped.')


# -- the manager's periodic task ------------------------------------------------------

def _task_names(mgr):
    return [name for name, _task in mgr._periodic_tasks]


@pytest.mark.parametrize('interval,spacing', [(5, 5), (0, 60.0),
                                              (600, 600)])
def test_the_periodic_task_spacing(conf, interval, spacing):
    conf.config(sync_power_state_interval=interval)
    mgr = manager.ComputeManager(host=HOST)
    assert '_sync_power_states' in _task_names(mgr)
    assert mgr._periodic_spacing['_sync_power_states'] == spacing


def test_a_negative_interval_disables_the_task(conf):
    conf.config(sync_power_state_interval=-1)
    mgr = manager.ComputeManager(host=HOST)
    assert '_sync_power_states' not in _task_names(mgr)
    assert 'update_available_resource' in _task_names(mgr)
    # The class keeps it for the other managers.
    assert '_sync_power_states' in _task_names(manager.ComputeManager)


def test_the_periodic_task_runs_the_sync(ctx, make, conf):
    conf.config(sync_power_state_interval=1)
    mgr = manager.ComputeManager(host=HOST)
    instance = make(vs.ACTIVE, None, power=ps.RUNNING)
    # The fake driver has no guest for it: the power state becomes NOSTATE.
    mgr._periodic_last_run['_sync_power_states'] = 0
    mgr._periodic_last_run['update_available_resource'] = float('inf')
    idle = mgr.periodic_tasks(ctx)
    assert idle <= 1
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.NOSTATE)
    assert mgr.power_sync.semaphores is mgr._instance_locks
