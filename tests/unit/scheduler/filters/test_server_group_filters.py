"""ServerGroupAffinityFilter and ServerGroupAntiAffinityFilter."""

from nova_lite import objects
from nova_lite.scheduler.filters import server_group_affinity_filter
from nova_lite.scheduler.filters import server_group_anti_affinity_filter
from nova_lite.scheduler import utils
from tests.unit.scheduler import fakes


def _req(policy, per_host, rules=None):
    group = objects.InstanceGroup(policy=policy, rules=rules or {},
                                  members_per_host=per_host)
    return utils.SchedulingRequest(fakes.request_spec(),
                                   instance_group=group)


def test_affinity_passes_only_the_groups_host():
    f = server_group_affinity_filter.ServerGroupAffinityFilter()
    h1, h2 = fakes.host_state('host1'), fakes.host_state('host2')
    assert f.host_passes(h1, _req('affinity', {}))
    assert f.host_passes(h2, _req('affinity', {}))
    assert f.host_passes(h1, _req('affinity', {'host1': 1}))
    assert not f.host_passes(h2, _req('affinity', {'host1': 1}))
    # Other policies (and no group) are not its business.
    assert f.host_passes(h2, _req('soft-affinity', {'host1': 1}))
    assert f.host_passes(h2, fakes.request())


def test_anti_affinity_counts_members_per_host():
    f = server_group_anti_affinity_filter.ServerGroupAntiAffinityFilter()
    h1, h2 = fakes.host_state('host1'), fakes.host_state('host2')
    assert not f.host_passes(h1, _req('anti-affinity', {'host1': 1}))
    assert f.host_passes(h2, _req('anti-affinity', {'host1': 1}))
    rules = {'max_server_per_host': 2}
    assert f.host_passes(h1, _req('anti-affinity', {'host1': 1}, rules))
    assert not f.host_passes(h1, _req('anti-affinity', {'host1': 2}, rules))
    assert f.host_passes(h1, _req('soft-anti-affinity', {'host1': 5}))


def test_a_multi_create_counts_its_own_picks():
    f = server_group_anti_affinity_filter.ServerGroupAntiAffinityFilter()
    h1 = fakes.host_state('host1')
    request = _req('anti-affinity', {})
    assert f.host_passes(h1, request)
    request.placed('host1')
    assert not f.host_passes(h1, request)
    affinity = server_group_affinity_filter.ServerGroupAffinityFilter()
    request = _req('affinity', {})
    request.placed('host1')
    assert not affinity.host_passes(fakes.host_state('host2'), request)
