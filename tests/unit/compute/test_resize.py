"""Resize, confirm and revert end to end in one process (compute/resize.py
with the conductor's MigrationTask, the scheduler and the fake driver),
on the real objects: allocations, migrations, states and events."""

from unittest import mock

import pytest

from nova_lite.compute import power_state
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from tests.unit import boot_fakes
from tests.unit.compute import resize_fakes as rf

RUNNING, SHUTDOWN = power_state.RUNNING, power_state.SHUTDOWN
SMALL = {'VCPU': 1, 'MEMORY_MB': 1024, 'DISK_GB': 10}
BIG = {'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 20}


@pytest.fixture
def admin(db):
    return boot_fakes.user_context('req-setup')


@pytest.fixture
def flavors(admin):
    return {'small': rf.make_flavor(admin, 'small', 1, 1024, 10),
            'big': rf.make_flavor(admin, 'big', 2, 2048, 20),
            'huge': rf.make_flavor(admin, 'huge', 1, 16384, 10)}


def _cloud(admin, hosts):
    for host in hosts:
        boot_fakes.add_compute(admin, host)
    return rf.InProcessCloud(hosts)


@pytest.fixture
def cloud(admin, conf):
    return _cloud(admin, ['host1', 'host2'])


@pytest.fixture
def server(admin, cloud, flavors):
    return rf.active_instance(admin, cloud, flavors['small'], 'host1')


def _resize(cloud, server, flavor_id, request_id='req-resize'):
    context = rf.ctx(request_id)
    instance = objects.Instance.get_by_uuid(context, server.uuid)
    cloud.api.resize(context, instance, flavor_id)
    cloud.run()
    return objects.Instance.get_by_uuid(context, server.uuid)


def _do(cloud, server, method, request_id):
    context = rf.ctx(request_id)
    instance = objects.Instance.get_by_uuid(context, server.uuid)
    getattr(cloud.api, method)(context, instance)
    cloud.run()
    return objects.Instance.get_by_uuid(context, server.uuid)


def _migration(admin, server):
    return objects.MigrationList.get_by_instance(admin, server.uuid)[-1]


def test_resize_to_another_host_waits_for_confirmation(admin, cloud,
                                                       server):
    resized = _resize(cloud, server, 'big')

    assert (resized.vm_state, resized.task_state) == (vm_states.RESIZED,
                                                      None)
    assert (resized.host, resized.node) == ('host2', 'host2')
    assert resized.flavor.flavorid == 'big'
    assert (resized.vcpus, resized.memory_mb,
            resized.root_gb) == (2, 2048, 20)
    assert resized.power_state == RUNNING
    migration = _migration(admin, server)
    assert (migration.status, migration.migration_type) == ('finished',
                                                            'resize')
    assert (migration.source_compute, migration.dest_compute) == ('host1',
                                                                  'host2')
    assert migration.old_flavor.flavorid == 'small'
    assert migration.new_flavor.flavorid == 'big'
    # The source is held by the migration, the destination by the server.
    assert rf.holdings(admin, server.uuid) == {'host2': BIG}
    assert rf.holdings(admin, migration.uuid) == {'host1': SMALL}
    assert cloud.guests() == {'host1': {server.uuid: SHUTDOWN},
                              'host2': {server.uuid: RUNNING}}
    # The scheduler was asked for the new flavor, without the source.
    spec = cloud.scheduler.specs[-1]
    assert spec.flavor.flavorid == 'big'
    assert spec.ignore_hosts == ['host1']
    assert [h for h, _m in cloud.sent] == ['conductor', 'host2', 'host1',
                                           'host2']
    action, events = rf.events(admin, server.uuid, 'req-resize')
    assert action.action == 'resize'
    assert events == {'conductor_migrate_server': 'Success',
                      'compute_prep_resize': 'Success',
                      'compute_resize_instance': 'Success',
                      'compute_finish_resize': 'Success'}


def test_confirm_releases_the_source_exactly(admin, cloud, server):
    _resize(cloud, server, 'big')
    migration = _migration(admin, server)
    confirmed = _do(cloud, server, 'confirm_resize', 'req-confirm')

    assert (confirmed.vm_state, confirmed.task_state) == (vm_states.ACTIVE,
                                                          None)
    assert confirmed.host == 'host2' and confirmed.flavor.flavorid == 'big'
    assert _migration(admin, server).status == 'confirmed'
    assert rf.holdings(admin, server.uuid) == {'host2': BIG}
    assert rf.holdings(admin, migration.uuid) == {}
    assert cloud.guests() == {'host1': {}, 'host2': {server.uuid: RUNNING}}
    spec = objects.RequestSpec.get_by_instance_uuid(admin, server.uuid)
    assert spec.flavor.flavorid == 'big'
    action, events = rf.events(admin, server.uuid, 'req-confirm')
    assert action.action == 'confirmResize'
    assert events == {'compute_confirm_resize': 'Success'}


def test_revert_goes_back_to_the_source_exactly(admin, cloud, server):
    _resize(cloud, server, 'big')
    migration = _migration(admin, server)
    reverted = _do(cloud, server, 'revert_resize', 'req-revert')

    assert (reverted.vm_state, reverted.task_state) == (vm_states.ACTIVE,
                                                        None)
    assert (reverted.host, reverted.node) == ('host1', 'host1')
    assert reverted.flavor.flavorid == 'small'
    assert (reverted.vcpus, reverted.memory_mb) == (1, 1024)
    assert _migration(admin, server).status == 'reverted'
    assert rf.holdings(admin, server.uuid) == {'host1': SMALL}
    assert rf.holdings(admin, migration.uuid) == {}
    assert cloud.guests() == {'host1': {server.uuid: RUNNING}, 'host2': {}}
    spec = objects.RequestSpec.get_by_instance_uuid(admin, server.uuid)
    assert spec.flavor.flavorid == 'small'
    action, events = rf.events(admin, server.uuid, 'req-revert')
    assert action.action == 'revertResize'
    assert events == {'compute_revert_resize': 'Success',
                      'compute_finish_revert_resize': 'Success'}


@pytest.mark.parametrize('end', ['confirm_resize', 'revert_resize'])
def test_same_host_holds_both_flavors_until_the_end(admin, conf, flavors,
                                                    end):
    conf.config(allow_resize_to_same_host=True)
    cloud = _cloud(admin, ['host1'])
    server = rf.active_instance(admin, cloud, flavors['small'], 'host1')
    resized = _resize(cloud, server, 'big')
    migration = _migration(admin, server)

    assert (resized.vm_state, resized.host) == (vm_states.RESIZED, 'host1')
    assert cloud.scheduler.specs[-1].ignore_hosts == []
    assert rf.holdings(admin, server.uuid) == {'host1': BIG}
    assert rf.holdings(admin, migration.uuid) == {'host1': SMALL}

    done = _do(cloud, server, end, 'req-end')
    assert (done.vm_state, done.task_state, done.host) == (
        vm_states.ACTIVE, None, 'host1')
    kept = BIG if end == 'confirm_resize' else SMALL
    assert rf.holdings(admin, server.uuid) == {'host1': kept}
    assert rf.holdings(admin, migration.uuid) == {}
    assert done.flavor.vcpus == kept['VCPU']
    assert cloud.guests() == {'host1': {server.uuid: RUNNING}}


def test_same_host_not_allowed_means_no_valid_host(admin, flavors):
    cloud = _cloud(admin, ['host1'])
    server = rf.active_instance(admin, cloud, flavors['small'], 'host1')
    after = _resize(cloud, server, 'big')
    assert (after.vm_state, after.task_state, after.host) == (
        vm_states.ACTIVE, None, 'host1')
    assert cloud.scheduler.specs[-1].ignore_hosts == ['host1']


def test_stopped_server_stays_stopped(admin, cloud, server):
    cloud.drivers['host1'].power_off(server)
    server.vm_state, server.power_state = vm_states.STOPPED, SHUTDOWN
    server.save()
    resized = _resize(cloud, server, 'big')
    assert (resized.vm_state, resized.power_state) == (vm_states.RESIZED,
                                                       SHUTDOWN)
    assert cloud.guests()['host2'] == {server.uuid: SHUTDOWN}
    confirmed = _do(cloud, server, 'confirm_resize', 'req-confirm')
    assert confirmed.vm_state == vm_states.STOPPED


def test_no_valid_host_leaves_the_server_as_it_was(admin, cloud, server):
    after = _resize(cloud, server, 'huge')

    assert (after.vm_state, after.task_state) == (vm_states.ACTIVE, None)
    assert (after.host, after.flavor.flavorid) == ('host1', 'small')
    migration = _migration(admin, server)
    assert migration.status == 'error'
    assert rf.holdings(admin, server.uuid) == {'host1': SMALL}
    assert rf.holdings(admin, migration.uuid) == {}
    assert objects.AllocationList.get_usages(admin) == {
        rf.objects.ComputeNode.get_by_host_and_nodename(
            admin, 'host1', 'host1').uuid: SMALL}
    fault = objects.Instance.get_by_uuid(admin, server.uuid,
                                         expected_attrs=['fault']).fault
    assert 'No valid host was found' in fault.message
    action, events = rf.events(admin, server.uuid, 'req-resize')
    assert events == {'conductor_migrate_server': 'Error'}
    assert [h for h, _m in cloud.sent] == ['conductor']


def test_failure_on_the_source_gives_everything_back(admin, cloud, server):
    driver = cloud.drivers['host1']
    with mock.patch.object(driver, 'migrate_disk_and_power_off',
                           side_effect=exception.ResizeError(reason='disk')):
        after = _resize(cloud, server, 'big')

    assert (after.vm_state, after.task_state, after.host) == (
        vm_states.ERROR, None, 'host1')
    migration = _migration(admin, server)
    assert migration.status == 'error'
    assert rf.holdings(admin, server.uuid) == {'host1': SMALL}
    assert rf.holdings(admin, migration.uuid) == {}
    assert cloud.guests()['host1'] == {server.uuid: RUNNING}
    _action, events = rf.events(admin, server.uuid, 'req-resize')
    assert events['compute_resize_instance'] == 'Error'


def test_failure_on_the_destination_before_the_move_rolls_back(
        admin, cloud, server):
    with mock.patch.object(cloud, 'resize_instance',
                           side_effect=RuntimeError('cast lost')):
        after = _resize(cloud, server, 'big')
    assert (after.vm_state, after.task_state, after.host) == (
        vm_states.ACTIVE, None, 'host1')
    assert _migration(admin, server).status == 'error'
    assert rf.holdings(admin, server.uuid) == {'host1': SMALL}
    assert objects.Instance.get_by_uuid(
        admin, server.uuid, expected_attrs=['fault']).fault.message == (
            'RuntimeError')


def test_delete_while_resized_releases_both_allocations(admin, cloud,
                                                        server):
    _resize(cloud, server, 'big')
    migration = _migration(admin, server)
    context = rf.ctx('req-delete')
    instance = objects.Instance.get_by_uuid(context, server.uuid)
    with mock.patch.object(cloud.api, '_compute_is_up', return_value=True):
        cloud.api.delete(context, instance)
    cloud.run()
    assert rf.holdings(admin, server.uuid) == {}
    assert rf.holdings(admin, migration.uuid) == {}
    assert objects.AllocationList.get_usages(admin) == {}
    # The source confirmed first: its old guest is gone too.
    assert cloud.guests() == {'host1': {}, 'host2': {}}
    assert _migration(admin, server).status == 'confirmed'
