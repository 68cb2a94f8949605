"""Weighers: free resources, normalized, times the multipliers."""

from nova_lite.scheduler import weights
from nova_lite.scheduler.weights import cpu
from nova_lite.scheduler.weights import disk
from nova_lite.scheduler.weights import ram
from tests.unit.scheduler import fakes


def test_normalize():
    assert weights.normalize([]) == []
    assert weights.normalize([5, 5]) == [0.0, 0.0]
    assert weights.normalize([0, 5, 10]) == [0.0, 0.5, 1.0]


def test_each_weigher_reads_its_free_resource():
    host = fakes.host_state(vcpus=8, memory_mb=4096, local_gb=50,
                            usage={'VCPU': 3, 'MEMORY_MB': 1024,
                                   'DISK_GB': 10})
    req = fakes.request()
    assert ram.RAMWeigher().weigh_object(host, req) == 3072
    assert cpu.CPUWeigher().weigh_object(host, req) == 5
    assert disk.DiskWeigher().weigh_object(host, req) == 40


def _hosts():
    big_ram = fakes.host_state('big_ram', memory_mb=16384, vcpus=2)
    big_cpu = fakes.host_state('big_cpu', memory_mb=2048, vcpus=32)
    return big_ram, big_cpu


def test_spread_by_default(conf):
    big_ram, big_cpu = _hosts()
    conf.config(cpu_weight_multiplier=0.0, disk_weight_multiplier=0.0,
                group='filter_scheduler')
    ranked = weights.weigh_hosts(weights.all_weighers(), [big_cpu, big_ram],
                                 fakes.request())
    assert ranked == [big_ram, big_cpu]


def test_multipliers_decide(conf):
    big_ram, big_cpu = _hosts()
    conf.config(ram_weight_multiplier=1.0, cpu_weight_multiplier=2.0,
                group='filter_scheduler')
    ranked = weights.weigh_hosts(weights.all_weighers(), [big_ram, big_cpu],
                                 fakes.request())
    assert ranked == [big_cpu, big_ram]


def test_negative_multiplier_stacks(conf):
    empty = fakes.host_state('empty')
    busy = fakes.host_state('busy', usage={'MEMORY_MB': 4096, 'VCPU': 4,
                                           'DISK_GB': 50})
    conf.config(ram_weight_multiplier=-1.0, cpu_weight_multiplier=-1.0,
                disk_weight_multiplier=-1.0, group='filter_scheduler')
    ranked = weights.weigh_hosts(weights.all_weighers(), [empty, busy],
                                 fakes.request())
    assert ranked == [busy, empty]


def test_ties_keep_their_order():
    a, b = fakes.host_state('a'), fakes.host_state('b')
    assert weights.weigh_hosts(weights.all_weighers(), [a, b],
                               fakes.request()) == [a, b]
