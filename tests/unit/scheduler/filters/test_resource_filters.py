"""RamFilter, CoreFilter and DiskFilter: what is left, ratios included."""

import pytest

from nova_lite.scheduler.filters import core_filter
from nova_lite.scheduler.filters import disk_filter
from nova_lite.scheduler.filters import ram_filter
from tests.unit.scheduler import fakes


def _req(**flavor):
    return fakes.request(flavor=fakes.flavor(**flavor))


def test_ram_filter():
    f = ram_filter.RamFilter()
    host = fakes.host_state(memory_mb=4096, reserved_host_memory_mb=512,
                            usage={'MEMORY_MB': 1536})
    assert f.host_passes(host, _req(memory_mb=2048))
    assert not f.host_passes(host, _req(memory_mb=2049))


def test_ram_filter_uses_the_allocation_ratio():
    host = fakes.host_state(memory_mb=1024, ram_allocation_ratio=1.5)
    assert ram_filter.RamFilter().host_passes(host, _req(memory_mb=1536))


def test_core_filter():
    f = core_filter.CoreFilter()
    host = fakes.host_state(vcpus=4, cpu_allocation_ratio=2.0,
                            reserved_host_cpus=1, usage={'VCPU': 4})
    # (4 - 1) * 2 - 4 = 2 left
    assert f.host_passes(host, _req(vcpus=2))
    assert not f.host_passes(host, _req(vcpus=3))


@pytest.mark.parametrize('swap, passes', [(0, True), (1, False)])
def test_disk_filter_counts_swap(swap, passes):
    host = fakes.host_state(local_gb=20, reserved_host_disk_mb=1,
                            usage={'DISK_GB': 9})
    # 20 - 1 (1 MiB reserved rounds up to 1 GiB) - 9 = 10 left
    req = _req(root_gb=8, ephemeral_gb=2, swap=swap)
    assert disk_filter.DiskFilter().host_passes(host, req) is passes
