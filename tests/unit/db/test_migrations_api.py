"""Migrations and the allocation moves of a resize, in the database."""

import pytest
from oslo_utils import uuidutils

from nova_lite.db import allocation_api
from nova_lite.db import instance_api
from nova_lite.db import migrations_api
from nova_lite.db import service_api
from nova_lite import exception


def _node(host):
    return service_api.compute_node_create({
        'uuid': uuidutils.generate_uuid(), 'host': host,
        'hypervisor_hostname': host, 'vcpus': 8, 'memory_mb': 8192,
        'local_gb': 100, 'cpu_allocation_ratio': 1.0,
        'ram_allocation_ratio': 1.0, 'disk_allocation_ratio': 1.0})


def _instance():
    return instance_api.instance_create({
        'uuid': uuidutils.generate_uuid(), 'project_id': 'p',
        'user_id': 'u', 'vm_state': 'active', 'host': 'h1', 'node': 'h1'})


def _migration(instance_uuid, status='pre-migrating'):
    return migrations_api.migration_create({
        'uuid': uuidutils.generate_uuid(), 'instance_uuid': instance_uuid,
        'migration_type': 'resize', 'status': status,
        'source_compute': 'h1', 'source_node': 'h1',
        'dest_compute': 'h2', 'dest_node': 'h2'})


def _held(consumer):
    return {(a.resource_provider_uuid, a.resource_class, a.used)
            for a in allocation_api.allocation_get_all_by_consumer(consumer)}


@pytest.fixture
def resize(db):
    """An instance holding 2 VCPU / 1024 MB on h1, its migration holding
    nothing yet, and node h2."""
    source, dest = _node('h1'), _node('h2')
    inst = _instance()
    allocation_api.allocation_claim(source.uuid, inst['uuid'], 'p', 'u',
                                    {'VCPU': 2, 'MEMORY_MB': 1024})
    mig = _migration(inst['uuid'])
    return inst['uuid'], mig, source.uuid, dest.uuid


def test_create_and_lookups(resize):
    uuid, mig, _src, _dst = resize
    assert migrations_api.migration_get(mig.id).uuid == mig.uuid
    assert migrations_api.migration_get_by_uuid(mig.uuid).id == mig.id
    assert migrations_api.migration_get_by_id_and_instance(
        mig.id, uuid).status == 'pre-migrating'
    with pytest.raises(exception.MigrationNotFoundForInstance):
        migrations_api.migration_get_by_id_and_instance(
            mig.id, uuidutils.generate_uuid())
    with pytest.raises(exception.MigrationNotFoundByStatus) as err:
        migrations_api.migration_get_by_instance_and_status(uuid,
                                                            'finished')
    assert err.value.code == 404
    with pytest.raises(exception.MigrationNotFound):
        migrations_api.migration_get(mig.id + 100)


def test_create_for_unknown_instance_is_instance_not_found(db):
    with pytest.raises(exception.InstanceNotFound):
        _migration(uuidutils.generate_uuid())


def test_in_progress_leaves_out_final_statuses(resize):
    uuid, mig, _src, _dst = resize
    done = _migration(uuid, status='confirmed')
    failed = _migration(uuid, status='error')
    found = migrations_api.migration_get_in_progress_by_instance(uuid)
    assert [m.id for m in found] == [mig.id]
    assert {m.id for m in migrations_api.migration_get_all_by_instance(
        uuid)} == {mig.id, done.id, failed.id}


def test_update_is_compare_and_swap_on_status(resize):
    _uuid, mig, _src, _dst = resize
    row, changed = migrations_api.migration_update(
        mig.id, {'status': 'migrating'}, expected_status='pre-migrating')
    assert (row.status, changed) == ('migrating', 0)
    with pytest.raises(exception.UnexpectedMigrationStatusError) as err:
        migrations_api.migration_update(mig.id, {'status': 'finished'},
                                        expected_status=['pre-migrating'])
    assert err.value.code == 409
    assert migrations_api.migration_get(mig.id).status == 'migrating'


def test_move_hands_over_then_moves_nothing(resize):
    uuid, mig, src, _dst = resize
    assert allocation_api.allocation_move(uuid, mig.uuid) == 2
    assert _held(uuid) == set()
    assert _held(mig.uuid) == {(src, 'VCPU', 2), (src, 'MEMORY_MB', 1024)}
    # Done twice: the second finds nothing to move and changes nothing.
    assert allocation_api.allocation_move(uuid, mig.uuid) == 0
    assert _held(mig.uuid) == {(src, 'VCPU', 2), (src, 'MEMORY_MB', 1024)}


def test_revert_swaps_back_in_one_transaction_once(resize):
    uuid, mig, src, dst = resize
    allocation_api.allocation_move(uuid, mig.uuid)
    allocation_api.allocation_claim(dst, uuid, 'p', 'u',
                                    {'VCPU': 4, 'MEMORY_MB': 2048})
    _row, moved = migrations_api.migration_update(
        mig.id, {'status': 'reverted'}, allocations='revert')
    assert moved == 2
    assert _held(uuid) == {(src, 'VCPU', 2), (src, 'MEMORY_MB', 1024)}
    assert _held(mig.uuid) == set()
    assert allocation_api.allocation_usages(dst) == {}
    # Again: the migration holds nothing, the instance keeps the source.
    _row, moved = migrations_api.migration_update(
        mig.id, {'status': 'reverted'}, allocations='revert')
    assert moved == 0
    assert _held(uuid) == {(src, 'VCPU', 2), (src, 'MEMORY_MB', 1024)}


def test_confirm_releases_the_source_exactly_once(resize):
    uuid, mig, src, dst = resize
    allocation_api.allocation_move(uuid, mig.uuid)
    allocation_api.allocation_claim(dst, uuid, 'p', 'u', {'VCPU': 4})
    migrations_api.migration_update(mig.id, {'status': 'confirming'})
    _row, released = migrations_api.migration_update(
        mig.id, {'status': 'confirmed'}, expected_status='confirming',
        allocations='release')
    assert released == 2
    assert allocation_api.allocation_usages() == {dst: {'VCPU': 4}}
    # A second confirm loses the compare-and-swap and releases nothing.
    with pytest.raises(exception.UnexpectedMigrationStatusError):
        migrations_api.migration_update(
            mig.id, {'status': 'confirmed'}, expected_status='confirming',
            allocations='release')
    assert allocation_api.allocation_usages() == {dst: {'VCPU': 4}}


def test_failed_update_changes_no_allocation(resize):
    uuid, mig, src, _dst = resize
    allocation_api.allocation_move(uuid, mig.uuid)
    with pytest.raises(exception.UnexpectedMigrationStatusError):
        migrations_api.migration_update(
            mig.id, {'status': 'confirmed'}, expected_status='confirming',
            allocations='release')
    assert _held(mig.uuid) == {(src, 'VCPU', 2), (src, 'MEMORY_MB', 1024)}


def test_instance_destroy_releases_what_its_migration_holds(resize):
    uuid, mig, _src, dst = resize
    allocation_api.allocation_move(uuid, mig.uuid)
    allocation_api.allocation_claim(dst, uuid, 'p', 'u', {'VCPU': 4})
    _inst, released, _ips = instance_api.instance_destroy(uuid)
    assert released == 3
    assert allocation_api.allocation_usages() == {}


def test_unknown_allocation_change_is_refused(resize):
    with pytest.raises(ValueError):
        migrations_api.migration_update(resize[1].id, {}, allocations='x')
