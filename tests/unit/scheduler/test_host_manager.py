"""Host states: one conductor call, capacity and usage, filter plumbing."""

from unittest import mock

from oslo_utils import uuidutils

from nova_lite import objects
from nova_lite.scheduler import host_manager
from tests.unit import boot_fakes
from tests.unit.scheduler import fakes


def test_capacity_matches_the_claim_rule():
    node = fakes.compute_node(vcpus=8, cpu_allocation_ratio=4.0,
                              reserved_host_cpus=2, memory_mb=4096,
                              ram_allocation_ratio=None,
                              reserved_host_memory_mb=512, local_gb=100,
                              disk_allocation_ratio=1.0,
                              reserved_host_disk_mb=1500)
    assert host_manager.node_capacity(node) == {
        'VCPU': 24, 'MEMORY_MB': 3584, 'DISK_GB': 98}


def test_consume_updates_free():
    state = fakes.host_state(usage={'VCPU': 2})
    assert state.free('VCPU') == 6
    assert state.fits({'VCPU': 6, 'MEMORY_MB': 8192})
    state.consume({'VCPU': 1, 'MEMORY_MB': 100})
    assert (state.free('VCPU'), state.free('MEMORY_MB')) == (5, 8092)
    assert not state.fits({'VCPU': 6})


def test_get_host_states_from_the_database(ctx, db):
    n2 = boot_fakes.add_compute(ctx, 'host2', vcpus=4)
    n1 = boot_fakes.add_compute(ctx, 'host1', memory_mb=2048)
    objects.AllocationList.claim(ctx, n1.uuid, uuidutils.generate_uuid(),
                                 'p', 'u', {'MEMORY_MB': 512, 'VCPU': 1})
    with mock.patch.object(objects.HostStateList, 'get_all',
                           wraps=objects.HostStateList.get_all) as get_all:
        states = host_manager.HostManager().get_host_states(ctx)
    get_all.assert_called_once_with(ctx)
    assert [s.host for s in states] == ['host1', 'host2']
    h1, h2 = states
    assert (h1.uuid, h2.uuid) == (n1.uuid, n2.uuid)
    assert h1.free('MEMORY_MB') == 1536 and h1.free('VCPU') == 7
    assert h2.free('VCPU') == 4
    assert h1.service.binary == 'nova-lite-compute'
    assert h1.availability_zone == 'nova'


def test_filters_run_in_order_and_report(conf):
    conf.config(enabled_filters=['ComputeFilter', 'RamFilter'],
                group='filter_scheduler')
    hm = host_manager.HostManager()
    hosts = [fakes.host_state('a', memory_mb=256),
             fakes.host_state('b', service_kwargs={'disabled': True}),
             fakes.host_state('c')]
    passed, results = hm.get_filtered_hosts(hosts, fakes.request())
    assert [h.host for h in passed] == ['c']
    assert results == ['ComputeFilter: (start: 3, end: 2)',
                       'RamFilter: (start: 2, end: 1)']


def test_hosts_that_lost_a_claim_are_skipped():
    hm = host_manager.HostManager()
    a, b = fakes.host_state('a'), fakes.host_state('b')
    a.claim_failed = True
    assert hm.get_filtered_hosts([a, b], fakes.request())[0] == [b]


def test_ignore_then_force():
    hm = host_manager.HostManager()
    hosts = [fakes.host_state(h, service_kwargs={'disabled': True})
             for h in ('a', 'b', 'c')]
    passed, results = hm.get_filtered_hosts(
        hosts, fakes.request(force_hosts=['A', 'b'], ignore_hosts=['b']))
    # Forced hosts skip the filters (a is disabled and still passes).
    assert [h.host for h in passed] == ['a'] and results == []
    passed, _ = hm.get_filtered_hosts(
        hosts, fakes.request(force_nodes=['c']))
    assert [h.host for h in passed] == ['c']


def test_host_subset_size(conf):
    conf.config(host_subset_size=3, group='filter_scheduler')
    hm = host_manager.HostManager()
    hosts = [fakes.host_state(h) for h in 'abcd']
    with mock.patch('random.randrange', return_value=2) as randrange:
        ranked = hm.get_weighed_hosts(hosts, fakes.request())
    randrange.assert_called_once_with(3)
    assert [h.host for h in ranked] == ['c', 'a', 'b', 'd']


def _view_reads(ctx, hm, calls):
    with mock.patch.object(objects.HostStateList, 'get_all',
                           wraps=objects.HostStateList.get_all) as get_all:
        for _ in range(calls):
            hm.get_host_states(ctx)
    return get_all.call_count


def test_view_is_reused_within_max_age(ctx, db, conf):
    conf.config(host_state_max_age=60, group='scheduler')
    boot_fakes.add_compute(ctx, 'host1')
    assert _view_reads(ctx, host_manager.HostManager(), 3) == 1


def test_max_age_zero_reads_every_time(ctx, db, conf):
    conf.config(host_state_max_age=0, group='scheduler')
    boot_fakes.add_compute(ctx, 'host1')
    assert _view_reads(ctx, host_manager.HostManager(), 3) == 3


def test_requests_get_copies_and_claims_reach_the_view(ctx, db, conf):
    conf.config(host_state_max_age=60, group='scheduler')
    boot_fakes.add_compute(ctx, 'host1', vcpus=8)
    hm = host_manager.HostManager()
    mine = hm.get_host_states(ctx)[0]
    mine.consume({'VCPU': 3})
    mine.claim_failed = True
    # What one request does to its copy stays there...
    other = hm.get_host_states(ctx)[0]
    assert other.free('VCPU') == 8 and not other.claim_failed
    # ...but a claim that succeeded counts for the next requests too.
    hm.claimed(other, {'VCPU': 2})
    assert other.free('VCPU') == 6
    assert hm.get_host_states(ctx)[0].free('VCPU') == 6


def test_failed_claim_makes_the_next_request_read_again(ctx, db, conf):
    conf.config(host_state_max_age=60, group='scheduler')
    boot_fakes.add_compute(ctx, 'host1')
    hm = host_manager.HostManager()
    assert _view_reads(ctx, hm, 1) == 1
    state = hm.get_host_states(ctx)[0]
    hm.claim_failed(state)
    assert state.claim_failed
    assert _view_reads(ctx, hm, 2) == 1
