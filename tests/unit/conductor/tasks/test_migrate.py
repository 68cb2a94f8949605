"""The conductor's MigrationTask on the real objects (SQLite): the
migration it records, the allocation hand-over, the prep_resize cast, and
the rollback of a failure before that cast."""

from unittest import mock

import pytest

from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor.tasks import migrate
from nova_lite import objects
from tests.unit import boot_fakes
from tests.unit.compute import resize_fakes as rf


@pytest.fixture
def nodes(boot_db, ctx):
    return {host: boot_fakes.add_compute(ctx, host)
            for host in ('host1', 'host2')}


@pytest.fixture
def instance(ctx, nodes):
    spec = boot_fakes.request_spec(ctx, boot_fakes.flavor(1, 1024, 10))
    inst = boot_fakes.create_instances(ctx, spec)[0]
    objects.AllocationList.claim(ctx, nodes['host1'].uuid, inst.uuid, 'p1',
                                 'u1', {'VCPU': 1, 'MEMORY_MB': 1024})
    inst.host = inst.node = 'host1'
    inst.vm_state, inst.task_state = vm_states.ACTIVE, (
        task_states.RESIZE_PREP)
    inst.save()
    return inst


def _run(ctx, instance, flavor, computes, ignore=('host1',)):
    spec = objects.RequestSpec.get_by_instance_uuid(ctx, instance.uuid)
    spec.ignore_hosts = list(ignore)
    spec.force_hosts = ['host1']
    scheduler = rf.InProcessScheduler()
    migrate.MigrationTask(ctx, 'cond1', instance, flavor, spec, scheduler,
                          computes).execute()
    return scheduler


def test_schedules_and_hands_over_to_the_destination(ctx, nodes, instance):
    computes = mock.Mock()
    big = boot_fakes.flavor(2, 2048, 10)
    scheduler = _run(ctx, instance, big, computes)

    sent = scheduler.specs[0]
    assert (sent.flavor.vcpus, sent.ignore_hosts, sent.force_hosts,
            sent.num_instances) == (2, ['host1'], None, 1)
    kwargs = computes.prep_resize.call_args.kwargs
    migration = kwargs['migration']
    assert kwargs['host'] == 'host2' and kwargs['flavor'] is big
    stored = objects.Migration.get_by_id(ctx, migration.id)
    assert (stored.status, stored.source_compute, stored.dest_compute,
            stored.dest_node) == ('pre-migrating', 'host1', 'host2', 'host2')
    assert stored.old_flavor.vcpus == 1 and stored.new_flavor.vcpus == 2
    assert boot_fakes.usage_of(ctx, migration.uuid) == {
        nodes['host1'].uuid: {'VCPU': 1, 'MEMORY_MB': 1024}}
    assert boot_fakes.usage_of(ctx, instance.uuid) == {
        nodes['host2'].uuid: {'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 10}}


def test_a_failed_cast_rolls_everything_back(ctx, nodes, instance):
    computes = mock.Mock()
    computes.prep_resize.side_effect = RuntimeError('broker gone')
    _run(ctx, instance, boot_fakes.flavor(2, 2048, 10), computes)

    migration = objects.MigrationList.get_by_instance(ctx, instance.uuid)[0]
    assert migration.status == 'error'
    assert boot_fakes.usage_of(ctx, migration.uuid) == {}
    assert boot_fakes.usage_of(ctx, instance.uuid) == {
        nodes['host1'].uuid: {'VCPU': 1, 'MEMORY_MB': 1024}}
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                          expected_attrs=['fault'])
    assert (stored.vm_state, stored.task_state) == (vm_states.ACTIVE, None)
    assert stored.fault.message == 'RuntimeError'


def test_no_valid_host_records_the_fault(ctx, nodes, instance):
    computes = mock.Mock()
    _run(ctx, instance, boot_fakes.flavor(1, 1024 * 64, 10), computes)
    assert not computes.prep_resize.called
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                          expected_attrs=['fault'])
    assert stored.task_state is None
    assert stored.fault.message.startswith('No valid host was found.')
    assert boot_fakes.usage_of(ctx, instance.uuid) == {
        nodes['host1'].uuid: {'VCPU': 1, 'MEMORY_MB': 1024}}


def test_resize_request_spec_is_a_copy(ctx, instance):
    spec = objects.RequestSpec.get_by_instance_uuid(ctx, instance.uuid)
    spec.force_nodes = ['n']
    flavor = boot_fakes.flavor(4, 4096, 10)
    copy = migrate.resize_request_spec(spec, instance, flavor)
    assert copy.flavor is flavor and copy.force_nodes is None
    assert spec.force_nodes == ['n'] and spec.flavor.vcpus == 1
