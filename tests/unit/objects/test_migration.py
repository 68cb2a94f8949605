"""Migration and MigrationList over the (fake) conductor: flavors kept
whole, the status compare-and-swap, the allocation changes of save()."""

import pytest
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects


def _flavor(name, vcpus):
    return objects.Flavor(id=vcpus, name=name, flavorid=name, vcpus=vcpus,
                          memory_mb=512 * vcpus, root_gb=1, ephemeral_gb=0,
                          swap=0, extra_specs={})


def _instance(ctx):
    instance = objects.Instance(context=ctx, project_id='p1', user_id='u1',
                                vm_state='active', host='h1', node='h1')
    instance.create()
    return instance


def _node(ctx, host):
    service = objects.Service(context=ctx, host=host,
                              binary='nova-lite-compute', topic='compute')
    service.create()
    node = objects.ComputeNode(
        context=ctx, host=host, hypervisor_hostname=host,
        service_id=service.id, vcpus=8, memory_mb=8192, local_gb=10,
        cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0, generation=0)
    node.create()
    return node


def _migration(ctx, instance, status='pre-migrating'):
    migration = objects.Migration(
        context=ctx, instance_uuid=instance.uuid, migration_type='resize',
        status=status, source_compute='h1', source_node='h1',
        dest_compute='h2', dest_node='h2', old_flavor=_flavor('small', 1),
        new_flavor=_flavor('big', 2), project_id='p1', user_id='u1')
    migration.create()
    return migration


def test_create_and_get_round_trip(ctx, conductor):
    instance = _instance(ctx)
    migration = _migration(ctx, instance)
    assert uuidutils.is_uuid_like(migration.uuid) and migration.id
    assert not migration.is_same_host
    found = objects.Migration.get_by_id_and_instance(ctx, migration.id,
                                                     instance.uuid)
    assert found.new_flavor.flavorid == 'big'
    assert found.old_flavor.vcpus == 1
    assert found.status == 'pre-migrating'
    assert objects.Migration.get_by_uuid(ctx, migration.uuid).id == (
        migration.id)
    assert objects.Migration.get_by_id(ctx, migration.id).uuid == (
        migration.uuid)
    with pytest.raises(exception.ObjectActionError):
        migration.create()


def test_save_is_compare_and_swap(ctx, conductor):
    migration = _migration(ctx, _instance(ctx))
    migration.status = 'migrating'
    assert migration.save(expected_status='pre-migrating') == 0
    stale = objects.Migration.get_by_id(ctx, migration.id)
    migration.status = 'post-migrating'
    migration.save(expected_status='migrating')
    stale.status = 'error'
    with pytest.raises(exception.UnexpectedMigrationStatusError):
        stale.save(expected_status='migrating')
    assert objects.Migration.get_by_id(ctx, migration.id).status == (
        'post-migrating')


def test_lists_and_status_lookup(ctx, conductor):
    instance = _instance(ctx)
    done = _migration(ctx, instance, status='reverted')
    live = _migration(ctx, instance, status='finished')
    assert [m.id for m in objects.MigrationList.get_in_progress_by_instance(
        ctx, instance.uuid)] == [live.id]
    assert [m.id for m in objects.MigrationList.get_by_instance(
        ctx, instance.uuid)] == [done.id, live.id]
    assert objects.Migration.get_by_instance_and_status(
        ctx, instance.uuid, 'finished').id == live.id
    with pytest.raises(exception.MigrationNotFoundByStatus):
        objects.Migration.get_by_instance_and_status(ctx, instance.uuid,
                                                     'confirming')


def test_save_moves_allocations_with_the_status(ctx, conductor):
    instance = _instance(ctx)
    source, dest = _node(ctx, 'h1'), _node(ctx, 'h2')
    objects.AllocationList.claim(ctx, source.uuid, instance.uuid, 'p1', 'u1',
                                 {'VCPU': 1})
    migration = _migration(ctx, instance)
    assert objects.AllocationList.move_to_consumer(
        ctx, instance.uuid, migration.uuid) == 1
    objects.AllocationList.claim(ctx, dest.uuid, instance.uuid, 'p1', 'u1',
                                 {'VCPU': 2})
    migration.status = 'error'
    assert migration.save(allocations='revert') == 1
    held = objects.AllocationList.get_all_by_consumer_id(ctx, instance.uuid)
    assert [(a.resource_provider_uuid, a.used) for a in held] == [
        (source.uuid, 1)]
    assert migration.save(allocations='revert') == 0
