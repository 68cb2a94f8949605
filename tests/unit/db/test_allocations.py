"""Allocation claims: capacity, atomicity under concurrency, release."""

import threading

import pytest
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import allocation_api
from nova_lite.db import api
from nova_lite.db import models
from nova_lite.db import service_api
from nova_lite import exception


def _node(**values):
    defaults = {'uuid': uuidutils.generate_uuid(), 'host': 'h1',
                'hypervisor_hostname': uuidutils.generate_uuid(),
                'vcpus': 8, 'memory_mb': 16384, 'local_gb': 100,
                'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
                'disk_allocation_ratio': 1.0}
    defaults.update(values)
    return service_api.compute_node_create(defaults)


def _claim(node, resources, consumer=None):
    return allocation_api.allocation_claim(
        node.uuid, consumer or uuidutils.generate_uuid(), 'p', 'u',
        resources)


def test_capacity_uses_reserved_and_ratio(db):
    node = _node(vcpus=4, reserved_host_cpus=1, cpu_allocation_ratio=4.0,
                 memory_mb=2048, reserved_host_memory_mb=512,
                 ram_allocation_ratio=1.5, local_gb=10,
                 reserved_host_disk_mb=1025, disk_allocation_ratio=None)
    assert allocation_api.capacity(node, 'VCPU') == 12
    assert allocation_api.capacity(node, 'MEMORY_MB') == 2304
    assert allocation_api.capacity(node, 'DISK_GB') == 8


def test_claim_refuses_overcommit_and_says_what_is_left(db):
    node = _node(vcpus=4)
    _claim(node, {'VCPU': 3, 'MEMORY_MB': 1024})
    with pytest.raises(exception.ResourceClaimFailed) as err:
        _claim(node, {'VCPU': 2, 'MEMORY_MB': 1024})
    assert err.value.code == 409
    assert 'Cannot claim 2 VCPU' in str(err.value)
    assert 'only 1 left' in str(err.value)
    # Nothing of the refused claim was written.
    assert allocation_api.allocation_usages(node.uuid) == {
        node.uuid: {'VCPU': 3, 'MEMORY_MB': 1024}}


def test_claim_bumps_generation_and_replaces_previous(db):
    node = _node(vcpus=4)
    consumer = uuidutils.generate_uuid()
    rows = _claim(node, {'VCPU': 3, 'DISK_GB': 0}, consumer)
    assert [(r.resource_class, r.used) for r in rows] == [('VCPU', 3)]
    # The consumer's own usage does not count against its new claim.
    _claim(node, {'VCPU': 4}, consumer)
    assert allocation_api.allocation_usages() == {node.uuid: {'VCPU': 4}}
    assert service_api.compute_node_get(node.id).generation == 2


def test_claim_errors(db):
    with pytest.raises(exception.ComputeNodeNotFound):
        allocation_api.allocation_claim(uuidutils.generate_uuid(), 'c', 'p',
                                        'u', {'VCPU': 1})
    node = _node()
    for bad in ({'GPU': 1}, {'VCPU': -1}, {'VCPU': '1'}):
        with pytest.raises(exception.InvalidInput):
            _claim(node, bad)


def test_delete_by_consumer_counts_exactly_once(db):
    node = _node()
    consumer = uuidutils.generate_uuid()
    _claim(node, {'VCPU': 1, 'MEMORY_MB': 512}, consumer)
    counts = []
    barrier = threading.Barrier(6)

    def release():
        barrier.wait()
        counts.append(allocation_api.allocation_delete_by_consumer(consumer))

    threads = [threading.Thread(target=release) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 0, 0, 0, 0, 2]
    assert allocation_api.allocation_get_all_by_consumer(consumer) == []


def test_usages_of_all_nodes_in_one_query(db):
    nodes = [_node() for _ in range(5)]
    for node in nodes:
        _claim(node, {'VCPU': 1, 'MEMORY_MB': 256})
        _claim(node, {'VCPU': 2})
    statements = []
    sa.event.listen(api.get_engine(), 'before_cursor_execute',
                    lambda *args: statements.append(args[2]))
    usages = allocation_api.allocation_usages()
    selects = [s for s in statements if s.lstrip().upper().startswith(
        'SELECT')]
    assert len(selects) == 1
    assert usages == {n.uuid: {'VCPU': 3, 'MEMORY_MB': 256} for n in nodes}


@pytest.mark.parametrize('empty_url', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_concurrent_claims_never_overcommit(any_db):
    """20 claimers race for a node that fits 8 of them."""
    node = _node(vcpus=8, memory_mb=100000)
    outcomes = []
    barrier = threading.Barrier(20)

    def claim():
        barrier.wait()
        try:
            _claim(node, {'VCPU': 1, 'MEMORY_MB': 512})
            outcomes.append('claimed')
        except exception.ResourceClaimFailed:
            outcomes.append('full')
        except exception.ConcurrentUpdateDetected:
            outcomes.append('raced')

    threads = [threading.Thread(target=claim) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    usage = allocation_api.allocation_usages(node.uuid)[node.uuid]
    claimed = outcomes.count('claimed')
    assert len(outcomes) == 20
    assert usage == {'VCPU': claimed, 'MEMORY_MB': 512 * claimed}
    assert claimed <= 8
    # Losing a race means retrying, not failing: the node fills up.
    assert outcomes.count('raced') == 0
    assert claimed == 8
    assert service_api.compute_node_get(node.id).generation == claimed


def _bump_generation_meanwhile(real, times):
    """Wrap _replace_consumer_rows to play a rival claim ``times`` times."""
    calls = []

    def replace(session, node_uuid, *args):
        rows = real(session, node_uuid, *args)
        if len(calls) < times:
            node = models.ComputeNode
            session.execute(sa.update(node).where(
                node.uuid == node_uuid).values(
                    generation=node.generation + 1))
        calls.append(node_uuid)
        return rows

    return replace, calls


def test_claim_that_loses_the_race_starts_over(db, monkeypatch):
    node = _node()
    replace, calls = _bump_generation_meanwhile(
        allocation_api._replace_consumer_rows, times=2)
    monkeypatch.setattr(allocation_api, '_replace_consumer_rows', replace)
    monkeypatch.setattr(allocation_api.time, 'sleep', lambda s: None)
    _claim(node, {'VCPU': 1})
    assert len(calls) == 3
    assert allocation_api.allocation_usages()[node.uuid] == {'VCPU': 1}


def test_claim_gives_up_after_losing_every_race(db, monkeypatch):
    node = _node()
    replace, calls = _bump_generation_meanwhile(
        allocation_api._replace_consumer_rows, times=1000)
    monkeypatch.setattr(allocation_api, '_replace_consumer_rows', replace)
    monkeypatch.setattr(allocation_api.time, 'sleep', lambda s: None)
    with pytest.raises(exception.ConcurrentUpdateDetected):
        _claim(node, {'VCPU': 1})
    assert len(calls) == allocation_api.CLAIM_ATTEMPTS
    # Every losing attempt was rolled back.
    assert allocation_api.allocation_usages() == {}
