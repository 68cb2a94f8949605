"""Restart recovery (compute/recovery.py) on the real objects (SQLite) and
a driver double: every task state a killed compute can leave behind."""

from unittest import mock
import uuid

import pytest

from nova_lite.compute import manager
from nova_lite.compute import power_state as ps
from nova_lite.compute import recovery
from nova_lite.compute import task_states as ts
from nova_lite.compute import vm_states as vs
from nova_lite import exception
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
def make(ctx, node, driver):
    """An instance on ``host`` in the given states, with a claim there and
    (unless ``guest`` is None) a guest in the driver."""
    def make(vm_state, task_state, guest=ps.RUNNING, host=HOST,
             power=ps.RUNNING):
        spec = boot_fakes.request_spec(ctx)
        [instance] = boot_fakes.create_instances(ctx, spec)
        objects.AllocationList.claim(ctx, node.uuid, instance.uuid, 'p1',
                                     'u1', {'MEMORY_MB': 64})
        instance.host = instance.node = host
        instance.vm_state, instance.task_state = vm_state, task_state
        instance.power_state = power
        instance.save()
        if guest is not None:
            driver.guests[instance.uuid] = guest
        return instance
    return make


def _recovery(driver):
    return recovery.InstanceRecovery(HOST, driver)


def _stored(ctx, instance):
    return objects.Instance.get_by_uuid(ctx, instance.uuid,
                                        expected_attrs=['fault'])


def _states(ctx, instance):
    stored = _stored(ctx, instance)
    return stored.vm_state, stored.task_state, stored.power_state


# -- building -----------------------------------------------------------------

@pytest.mark.parametrize('task_state', recovery.BUILDING_STATES)
def test_building_ends_in_error_with_a_fault(ctx, make, driver, task_state):
    instance = make(vs.BUILDING, task_state, guest=None, power=ps.NOSTATE)
    outcome = _recovery(driver).recover(ctx)
    assert outcome == {instance.uuid: 'error'}
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vs.ERROR, None)
    assert stored.fault.code == 500
    assert stored.fault.message == (
        'Build of instance %s aborted: the compute service restarted while '
        'it was building' % instance.uuid)
    assert stored.fault.host == HOST
    # As in Nova the instance stays on its host, holding its claim, until
    # it is deleted.
    assert stored.host == HOST
    assert boot_fakes.usage_of(ctx, instance.uuid)
    assert driver.calls == []


def test_building_without_a_task_ends_in_error(ctx, make, driver):
    instance = make(vs.BUILDING, None, guest=None)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'error'}
    assert _states(ctx, instance)[:2] == (vs.ERROR, None)


# -- deleting -----------------------------------------------------------------

@pytest.mark.parametrize('vm_state', [vs.ACTIVE, vs.BUILDING, vs.ERROR])
def test_deleting_is_finished(ctx, make, driver, vm_state):
    instance = make(vm_state, ts.DELETING)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'deleted'}
    assert driver.calls == [('destroy', instance.uuid)]
    assert driver.guests == {}
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert boot_fakes.usage_of(ctx, instance.uuid) == {}


def test_deleting_that_fails_ends_in_error(ctx, make, driver):
    instance = make(vs.ACTIVE, ts.DELETING)
    driver.fail['destroy'] = OSError('stuck')
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'error'}
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vs.ERROR, None)
    assert stored.fault.message == 'OSError'
    assert 'stuck' in stored.fault.details


# -- reboots ------------------------------------------------------------------

@pytest.mark.parametrize('task_state,guest,reboot_type', [
    (ts.REBOOTING, ps.RUNNING, 'SOFT'),
    (ts.REBOOT_PENDING, ps.RUNNING, 'SOFT'),
    (ts.REBOOT_PENDING, ps.SHUTDOWN, 'HARD'),
    (ts.REBOOT_STARTED, ps.SHUTDOWN, 'HARD'),
    (ts.REBOOT_STARTED, None, 'HARD'),
    (ts.REBOOTING_HARD, ps.RUNNING, 'HARD'),
    (ts.REBOOT_PENDING_HARD, ps.RUNNING, 'HARD'),
    (ts.REBOOT_STARTED_HARD, ps.CRASHED, 'HARD'),
])
def test_reboot_is_retried(ctx, make, driver, task_state, guest,
                           reboot_type):
    instance = make(vs.ACTIVE, task_state, guest=guest)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'rebooted'}
    assert driver.calls == [('reboot', instance.uuid, reboot_type, [])]
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.RUNNING)


@pytest.mark.parametrize('task_state', recovery.REBOOT_STARTED_STATES)
def test_reboot_started_with_the_guest_running_is_cleared(
        ctx, make, driver, task_state):
    instance = make(vs.ACTIVE, task_state, power=ps.SHUTDOWN)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert driver.calls == []
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.RUNNING)


def test_hard_reboot_of_a_stopped_instance_makes_it_active(ctx, make,
                                                           driver):
    instance = make(vs.STOPPED, ts.REBOOT_PENDING_HARD, guest=ps.SHUTDOWN,
                    power=ps.SHUTDOWN)
    _recovery(driver).recover(ctx)
    assert driver.calls == [('reboot', instance.uuid, 'HARD', [])]
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.RUNNING)


def test_reboot_that_fails_ends_in_error(ctx, make, driver):
    instance = make(vs.ACTIVE, ts.REBOOT_PENDING)
    driver.fail['reboot'] = exception.InstanceNotFound(
        instance_id=instance.uuid)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'error'}
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vs.ERROR, None)
    assert stored.fault.code == 404


def test_the_reboot_gets_the_instance_network_info(ctx, make, driver):
    instance = make(vs.ACTIVE, ts.REBOOTING)
    objects.FixedIPList.allocate_for_instances(ctx, [instance.uuid],
                                               'private')
    _recovery(driver).recover(ctx)
    [(name, uuid_, reboot_type, network_info)] = driver.calls
    assert [item['network'] for item in network_info] == ['private']
    assert network_info[0]['address'] and network_info[0]['mac']


# -- stop and start -----------------------------------------------------------

def test_powering_off_is_finished(ctx, make, driver):
    instance = make(vs.ACTIVE, ts.POWERING_OFF)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'stopped'}
    assert driver.calls == [('power_off', instance.uuid)]
    assert _states(ctx, instance) == (vs.STOPPED, None, ps.SHUTDOWN)


def test_powering_on_is_finished(ctx, make, driver):
    instance = make(vs.STOPPED, ts.POWERING_ON, guest=ps.SHUTDOWN,
                    power=ps.SHUTDOWN)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'started'}
    assert driver.calls == [('power_on', instance.uuid)]
    assert _states(ctx, instance) == (vs.ACTIVE, None, ps.RUNNING)


# -- pause, unpause, suspend, resume --------------------------------------------

@pytest.mark.parametrize('vm_state,task_state,guest,expected', [
    (vs.ACTIVE, ts.PAUSING, ps.PAUSED, (vs.PAUSED, ps.PAUSED)),
    (vs.ACTIVE, ts.PAUSING, ps.RUNNING, (vs.ACTIVE, ps.RUNNING)),
    (vs.PAUSED, ts.UNPAUSING, ps.RUNNING, (vs.ACTIVE, ps.RUNNING)),
    (vs.PAUSED, ts.UNPAUSING, ps.PAUSED, (vs.PAUSED, ps.PAUSED)),
    (vs.ACTIVE, ts.SUSPENDING, ps.SUSPENDED, (vs.SUSPENDED, ps.SUSPENDED)),
    (vs.SUSPENDED, ts.RESUMING, ps.RUNNING, (vs.ACTIVE, ps.RUNNING)),
    (vs.ACTIVE, ts.PAUSING, ps.SHUTDOWN, (vs.STOPPED, ps.SHUTDOWN)),
    (vs.SUSPENDED, ts.RESUMING, None, (vs.SUSPENDED, ps.NOSTATE)),
])
def test_pause_and_suspend_states_are_taken_from_the_driver(
        ctx, make, driver, vm_state, task_state, guest, expected):
    instance = make(vm_state, task_state, guest=guest)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'settled'}
    assert driver.calls == []
    assert _states(ctx, instance) == (expected[0], None, expected[1])


# -- resize, rebuild and the rest -----------------------------------------------

@pytest.mark.parametrize('vm_state', [vs.ACTIVE, vs.STOPPED])
def test_resize_prep_is_cleared(ctx, make, driver, vm_state):
    instance = make(vm_state, ts.RESIZE_PREP)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert driver.calls == []
    assert _states(ctx, instance)[:2] == (vm_state, None)


@pytest.mark.parametrize('vm_state,power_on', [
    (vs.ACTIVE, True), (vs.STOPPED, False), (vs.ERROR, True)])
def test_resize_migrating_gives_the_guest_back(ctx, make, vm_state,
                                               power_on):
    driver = guest_stub.MigratingGuestStub()
    instance = make(vm_state, ts.RESIZE_MIGRATING, power=ps.SHUTDOWN)
    driver.guests[instance.uuid] = ps.SHUTDOWN
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert driver.calls == [('finish_revert_migration', instance.uuid,
                             power_on)]
    expected_power = ps.RUNNING if power_on else ps.SHUTDOWN
    assert _states(ctx, instance) == (vm_state, None, expected_power)


def test_resize_migrating_without_revert_support_is_cleared(ctx, make,
                                                            driver):
    instance = make(vs.ACTIVE, ts.RESIZE_MIGRATING)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert _states(ctx, instance)[:2] == (vs.ACTIVE, None)


def test_a_failed_revert_still_clears(ctx, make):
    driver = guest_stub.MigratingGuestStub()
    driver.fail['finish_revert_migration'] = OSError('disk gone')
    instance = make(vs.ACTIVE, ts.RESIZE_MIGRATING)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert _states(ctx, instance)[:2] == (vs.ACTIVE, None)


@pytest.mark.parametrize('vm_state,task_state', [
    (vs.ACTIVE, ts.RESIZE_MIGRATED), (vs.ACTIVE, ts.RESIZE_FINISH),
    (vs.RESIZED, ts.RESIZE_REVERTING), (vs.RESIZED, ts.RESIZE_CONFIRMING),
    (vs.ACTIVE, ts.REBUILDING), (vs.STOPPED, ts.REBUILD_SPAWNING)])
def test_flows_that_cannot_resume_end_in_error(ctx, make, driver, vm_state,
                                               task_state):
    instance = make(vm_state, task_state)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'error'}
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vs.ERROR, None)
    assert stored.fault.message.startswith(
        'Instance %s was in task state %s when its compute service '
        'restarted' % (instance.uuid, task_state))
    assert driver.calls == []


@pytest.fixture
def resizing(ctx, node, make):
    """An instance mid-resize from host1 to host2, as the conductor leaves
    it: the migration holds the source claim, the instance the
    destination's."""
    dest = boot_fakes.add_compute(ctx, 'host2')

    def resizing(task_state, vm_state=vs.ACTIVE):
        instance = make(vm_state, task_state)
        migration = objects.Migration(
            ctx, instance_uuid=instance.uuid, migration_type='resize',
            status='pre-migrating', source_compute=HOST, source_node=HOST,
            dest_compute='host2', dest_node='host2', dest_host='host2',
            project_id='p1', user_id='u1')
        migration.create()
        objects.AllocationList.delete_by_consumer(ctx, instance.uuid)
        objects.AllocationList.claim(ctx, node.uuid, migration.uuid, 'p1',
                                     'u1', {'MEMORY_MB': 64})
        objects.AllocationList.claim(ctx, dest.uuid, instance.uuid, 'p1',
                                     'u1', {'MEMORY_MB': 128})
        return instance, migration, dest
    return resizing


@pytest.mark.parametrize('task_state', [ts.RESIZE_PREP, ts.RESIZE_MIGRATING])
def test_a_resize_before_the_move_gives_the_source_claim_back(
        ctx, node, driver, resizing, task_state):
    instance, migration, _dest = resizing(task_state)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert _states(ctx, instance)[:2] == (vs.ACTIVE, None)
    assert objects.Migration.get_by_uuid(ctx, migration.uuid).status == (
        'error')
    assert boot_fakes.usage_of(ctx, instance.uuid) == {
        node.uuid: {'MEMORY_MB': 64}}
    assert boot_fakes.usage_of(ctx, migration.uuid) == {}


@pytest.mark.parametrize('task_state', [ts.RESIZE_MIGRATED,
                                        ts.RESIZE_FINISH])
def test_a_resize_after_the_move_keeps_its_claims(ctx, node, driver,
                                                  resizing, task_state):
    instance, migration, dest = resizing(task_state)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'error'}
    assert objects.Migration.get_by_uuid(ctx, migration.uuid).status == (
        'error')
    # Released with the instance when it is deleted.
    assert boot_fakes.usage_of(ctx, instance.uuid) == {
        dest.uuid: {'MEMORY_MB': 128}}
    assert boot_fakes.usage_of(ctx, migration.uuid) == {
        node.uuid: {'MEMORY_MB': 64}}


@pytest.mark.parametrize('task_state', [ts.MIGRATING, ts.UPDATING_PASSWORD,
                                        'image_snapshot'])
def test_other_task_states_are_cleared(ctx, make, driver, task_state):
    instance = make(vs.ACTIVE, task_state)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert _states(ctx, instance)[:2] == (vs.ACTIVE, None)
    assert driver.calls == []


def test_an_error_instance_only_loses_its_task(ctx, make, driver):
    instance = make(vs.ERROR, ts.POWERING_OFF)
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'cleared'}
    assert driver.calls == []
    stored = _stored(ctx, instance)
    assert (stored.vm_state, stored.task_state, stored.fault) == (
        vs.ERROR, None, None)


def test_instances_without_a_task_are_left_alone(ctx, make, driver):
    instances = [make(vs.ACTIVE, None), make(vs.STOPPED, None,
                                             guest=ps.SHUTDOWN),
                 make(vs.ERROR, None, guest=None)]
    before = [_stored(ctx, i).updated_at for i in instances]
    with boot_fakes.indirection(fake_conductor.FakeConductor()) as fake:
        assert _recovery(driver).recover(ctx) == {}
    # One call lists them; nothing is saved.
    assert fake.calls == [('InstanceList', 'get_by_host')]
    assert [_stored(ctx, i).updated_at for i in instances] == before
    assert driver.calls == []


def test_other_hosts_instances_are_not_touched(ctx, make, driver):
    instance = make(vs.ACTIVE, ts.POWERING_OFF, host='host2')
    assert _recovery(driver).recover(ctx) == {}
    assert _states(ctx, instance)[:2] == (vs.ACTIVE, ts.POWERING_OFF)


def test_a_change_made_meanwhile_wins(ctx, make, driver):
    # The API deletes the instance locally while the guest powers on.
    instance = make(vs.STOPPED, ts.POWERING_ON, guest=ps.SHUTDOWN)
    real_power_on = driver.power_on

    def power_on(*args):
        real_power_on(*args)
        objects.Instance.get_by_uuid(ctx, instance.uuid).destroy()
    driver.power_on = power_on
    assert _recovery(driver).recover(ctx) == {instance.uuid: 'superseded'}
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(ctx, instance.uuid)


def test_no_instance_keeps_a_task_state(ctx, make, conf):
    """One instance of every task state, then one recovery run."""
    conf.config(instances=-1, cores=-1, ram=-1, group='quota')
    driver = guest_stub.MigratingGuestStub()
    every = [value for name, value in vars(ts).items()
             if name.isupper() and isinstance(value, str)]
    made = [make(vs.ACTIVE, state) for state in every]
    made.append(make(vs.BUILDING, None))
    outcomes = _recovery(driver).recover(ctx)
    assert set(outcomes) == {i.uuid for i in made}
    listed = objects.InstanceList.get_by_host(ctx, HOST)
    assert [i.task_state for i in listed if i.task_state] == []
    assert len(every) >= 28


# -- guests of deleted instances ----------------------------------------------

def test_guests_of_deleted_instances_are_reaped(ctx, make, driver):
    gone = make(vs.ACTIVE, None)
    objects.Instance.get_by_uuid(ctx, gone.uuid).destroy()
    elsewhere = make(vs.ACTIVE, None, host='host2')
    objects.Instance.get_by_uuid(ctx, elsewhere.uuid).destroy()
    stranger = str(uuid.uuid4())
    driver.guests[stranger] = ps.RUNNING
    kept = make(vs.ACTIVE, None)
    assert _recovery(driver).recover(ctx) == {gone.uuid: 'reaped'}
    assert driver.calls == [('destroy', gone.uuid)]
    assert set(driver.guests) == {elsewhere.uuid, stranger, kept.uuid}


def test_a_failed_reap_is_logged_and_skipped(ctx, make, driver):
    gone = make(vs.ACTIVE, None)
    objects.Instance.get_by_uuid(ctx, gone.uuid).destroy()
    driver.fail['destroy'] = OSError('busy')
    assert _recovery(driver).recover(ctx) == {}
    assert gone.uuid in driver.guests


# -- helpers and the manager's hook ---------------------------------------------

@pytest.mark.parametrize('task_state,power,expected', [
    (ts.REBOOTING, ps.RUNNING, 'SOFT'),
    (ts.REBOOT_STARTED, ps.PAUSED, 'HARD'),
    (ts.REBOOT_PENDING_HARD, ps.RUNNING, 'HARD'),
    (ts.REBOOTING, ps.NOSTATE, 'HARD'),
])
def test_reboot_type_for(task_state, power, expected):
    assert recovery.reboot_type_for(task_state, power) == expected


def test_init_host_recovers_before_rpc(ctx, make, conf):
    instance = make(vs.ACTIVE, ts.MIGRATING)
    mgr = manager.ComputeManager(host=HOST)
    order = []
    real_recover = recovery.InstanceRecovery.recover

    def recover(self, context):
        order.append(('recover', self.host, self.driver is mgr.driver))
        return real_recover(self, context)

    with mock.patch.object(mgr.driver, 'init_host',
                           side_effect=lambda host: order.append(
                               ('init_host', host))), \
            mock.patch.object(recovery.InstanceRecovery, 'recover',
                              recover):
        mgr.init_host()
    assert order == [('init_host', HOST), ('recover', HOST, True)]
    assert _states(ctx, instance)[:2] == (vs.ACTIVE, None)
