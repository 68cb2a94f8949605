"""Fixed IP allocation: lowest free first, atomic, race-safe, released."""

import re
import threading

import netaddr
from oslo_db import exception as db_exc
import pytest
from oslo_utils import uuidutils

from nova_lite.db import allocation_api
from nova_lite.db import fixed_ip_api
from nova_lite.db import instance_api
from nova_lite.db import models
from nova_lite.db import service_api
from nova_lite import exception

NET = 'private'
CIDR = '10.0.0.0/16'


def _instances(n):
    return [instance_api.instance_create(
        {'uuid': uuidutils.generate_uuid(), 'project_id': 'p1'})['uuid']
        for _ in range(n)]


def _allocate(uuids, cidr=CIDR, network=NET):
    return fixed_ip_api.fixed_ip_allocate(uuids, network, cidr)


def test_lowest_free_addresses_skip_network_and_gateway(db):
    uuids = _instances(3)
    rows = _allocate(uuids)
    assert [(r.instance_uuid, r.address, r.network) for r in rows] == [
        (uuids[0], '10.0.0.2', NET), (uuids[1], '10.0.0.3', NET),
        (uuids[2], '10.0.0.4', NET)]
    for row in rows:
        assert re.fullmatch(r'fa:16:3e(:[0-9a-f]{2}){3}', row.mac_address)
    assert len({r.mac_address for r in rows}) == 3


def test_freed_addresses_are_reused_lowest_first(db):
    first, second, third = _instances(3)
    _allocate([first, second, third])
    instance_api.instance_destroy(second)
    (fresh,) = _instances(1)
    assert [r.address for r in _allocate([fresh])] == ['10.0.0.3']
    assert [r.address for r in _allocate(_instances(1))] == ['10.0.0.5']


def test_allocation_is_idempotent_per_instance_and_network(db):
    uuids = _instances(2)
    before = _allocate(uuids[:1])
    again = _allocate(uuids)
    assert again[0].id == before[0].id
    assert [r.address for r in again] == ['10.0.0.2', '10.0.0.3']
    # Another network is another address space.
    other = _allocate(uuids[:1], network='other', cidr='192.168.0.0/24')
    assert other[0].address == '192.168.0.2'
    held = fixed_ip_api.fixed_ip_get_by_instance_uuids([uuids[0]])
    assert sorted(r.network for r in held) == ['other', NET]


def test_exhausted_range_allocates_nothing(db):
    # A /29 holds 8 addresses: network, gateway and broadcast leave 5.
    uuids = _instances(6)
    with pytest.raises(exception.NoMoreFixedIps) as err:
        _allocate(uuids, cidr='10.9.0.0/29')
    assert 'network: private' in str(err.value)
    assert fixed_ip_api.fixed_ip_get_by_instance_uuids(uuids) == []
    rows = _allocate(uuids[:5], cidr='10.9.0.0/29')
    assert [r.address for r in rows][-1] == '10.9.0.6'
    with pytest.raises(exception.NoMoreFixedIps):
        _allocate(uuids[5:], cidr='10.9.0.0/29')


@pytest.mark.parametrize('cidr, first, last', [
    ('10.0.0.0/24', '10.0.0.2', '10.0.0.254'),
    ('10.0.0.0/30', '10.0.0.2', '10.0.0.2'),
    ('fd00::/120', 'fd00::2', 'fd00::ff'),
])
def test_allocatable_range(cidr, first, last):
    low, high = fixed_ip_api.allocatable_range(cidr)
    assert (str(netaddr.IPAddress(low)), str(netaddr.IPAddress(high))) == (
        first, last)


def test_tiny_networks_have_nothing_to_give(db):
    (uuid,) = _instances(1)
    for cidr in ('10.0.0.0/31', '10.0.0.1/32'):
        with pytest.raises(exception.NoMoreFixedIps):
            _allocate([uuid], cidr=cidr)


def test_deleted_or_unknown_instances_get_nothing(db):
    live, gone = _instances(2)
    instance_api.instance_destroy(gone)
    with pytest.raises(exception.InstanceNotFound):
        _allocate([live, gone])
    with pytest.raises(exception.InstanceNotFound):
        _allocate([uuidutils.generate_uuid()])
    assert fixed_ip_api.fixed_ip_get_by_instance_uuids([live, gone]) == []
    assert _allocate([]) == []


def test_ipv6_range(db):
    (uuid,) = _instances(1)
    assert _allocate([uuid], cidr='fd00:1::/64')[0].address == 'fd00:1::2'


def test_destroy_releases_addresses_and_allocations_once(db):
    node = service_api.compute_node_create({
        'uuid': uuidutils.generate_uuid(), 'host': 'h1', 'vcpus': 4,
        'memory_mb': 4096, 'local_gb': 10})
    (uuid,) = _instances(1)
    allocation_api.allocation_claim(node.uuid, uuid, 'p1', 'u1',
                                    {'VCPU': 1, 'MEMORY_MB': 512})
    _allocate([uuid])
    _, allocations, fixed_ips = instance_api.instance_destroy(uuid)
    assert (allocations, fixed_ips) == (2, 1)
    assert fixed_ip_api.fixed_ip_get_by_instance_uuids([uuid]) == []
    assert allocation_api.allocation_usages() == {}
    with pytest.raises(exception.InstanceNotFound):
        instance_api.instance_destroy(uuid)


def test_duplicate_address_from_the_database_is_retried(db, monkeypatch):
    """The unique constraint fires on flush; the allocation starts over.

    A rival's row for the same address is slipped into the first attempt's
    transaction (on SQLite no real rival can write while we hold the
    lock), so the database itself reports the duplicate.
    """
    mine, rival = _instances(2)
    real = fixed_ip_api._new_rows
    calls = []

    def with_rival(session, wanted, label, cidr):
        rows = real(session, wanted, label, cidr)
        if not calls:
            session.add(models.FixedIp(
                network=label, address=rows[mine].address,
                mac_address='fa:16:3e:ff:ff:ff', instance_uuid=rival))
        calls.append(wanted)
        return rows

    monkeypatch.setattr(fixed_ip_api, '_new_rows', with_rival)
    monkeypatch.setattr(fixed_ip_api.time, 'sleep', lambda s: None)
    assert _allocate([mine])[0].address == '10.0.0.2'
    assert len(calls) == 2
    # The rival's row went with the failed attempt.
    assert fixed_ip_api.fixed_ip_get_by_instance_uuids([rival]) == []


def test_gives_up_after_losing_every_race(db, monkeypatch):
    def always_duplicate(*args):
        raise db_exc.DBDuplicateEntry(['network', 'address'])

    monkeypatch.setattr(fixed_ip_api, '_allocate_once', always_duplicate)
    monkeypatch.setattr(fixed_ip_api.time, 'sleep', lambda s: None)
    with pytest.raises(exception.ConcurrentUpdateDetected):
        _allocate(_instances(1))


def _run_threads(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(*args):
        barrier.wait()
        try:
            target(*args)
        except Exception as exc:  # noqa: BLE001 - collected for the assert
            errors.append(exc)

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.parametrize('empty_url', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_concurrent_allocations_never_share_an_address(any_db):
    """16 allocators (2 instances each) race for the same lowest addresses."""
    groups = [_instances(2) for _ in range(16)]
    errors = _run_threads(_allocate, [(group,) for group in groups])
    assert errors == []
    rows = fixed_ip_api.fixed_ip_get_by_instance_uuids(
        [uuid for group in groups for uuid in group])
    addresses = sorted(int(r.address.split('.')[-1]) for r in rows)
    # Every instance got one address, no address twice, no gaps.
    assert addresses == list(range(2, 2 + 32))
    assert len({r.mac_address for r in rows}) == 32


@pytest.mark.parametrize('empty_url', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_allocation_racing_with_destroy_leaks_nothing(any_db):
    """Whoever wins, a destroyed instance keeps no address."""
    for _ in range(5):
        uuids = _instances(4)
        errors = _run_threads(
            lambda action, uuid: action(uuid),
            [(instance_api.instance_destroy, uuid) for uuid in uuids] +
            [(lambda uuid: _allocate([uuid]), uuid) for uuid in uuids])
        assert all(isinstance(e, exception.InstanceNotFound)
                   for e in errors), errors
        assert fixed_ip_api.fixed_ip_get_by_instance_uuids(uuids) == []
