"""What the scheduler derives from a RequestSpec."""

import pytest

from nova_lite.scheduler import utils
from tests.unit.scheduler import fakes


def test_resources_count_swap_in_whole_gb():
    res = utils.resources_from_flavor(fakes.flavor(
        vcpus=2, memory_mb=2048, root_gb=20, ephemeral_gb=5, swap=1))
    assert res == {'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 26}
    res = utils.resources_from_flavor(fakes.flavor(root_gb=0, swap=2048))
    assert res['DISK_GB'] == 2


@pytest.mark.parametrize('value, expected', [
    (None, (None, None, None)),
    ('nova', ('nova', None, None)),
    ('nova:host1', ('nova', 'host1', None)),
    ('nova:host1:node1', ('nova', 'host1', 'node1')),
    (':host1', (None, 'host1', None)),
])
def test_parse_availability_zone(value, expected):
    assert utils.parse_availability_zone(value) == expected


def test_forced_host_from_the_zone():
    req = fakes.request(availability_zone='nova:host2', force_hosts=None)
    assert req.availability_zone == 'nova'
    assert req.force_hosts == ['host2']
    assert req.force_nodes == []


def test_hints_as_lists():
    spec = fakes.request_spec(scheduler_hints={
        'same_host': ['a', 'b'], 'different_host': ['b', 'c']})
    assert utils.hinted_instance_uuids(spec) == ['a', 'b', 'c']
    assert utils.SchedulingRequest(spec).hint('same_host') == ['a', 'b']
    assert utils.hinted_instance_uuids(fakes.request_spec()) == []
