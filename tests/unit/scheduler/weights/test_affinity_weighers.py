"""ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher."""

from nova_lite import objects
from nova_lite.scheduler import utils
from nova_lite.scheduler import weights
from nova_lite.scheduler.weights import affinity
from tests.unit.scheduler import fakes


def _req(policy, per_host):
    group = objects.InstanceGroup(policy=policy, rules={},
                                  members_per_host=per_host)
    return utils.SchedulingRequest(fakes.request_spec(),
                                   instance_group=group)


def _hosts():
    # host1 has more free RAM than host2: the other weighers prefer it.
    return [fakes.host_state('host1', memory_mb=16384),
            fakes.host_state('host2', memory_mb=8192)]


def test_soft_affinity_prefers_the_members_host(conf):
    conf.config(group='filter_scheduler',
                soft_affinity_weight_multiplier=10.0)
    ranked = weights.weigh_hosts(weights.all_weighers(), _hosts(),
                                 _req('soft-affinity', {'host2': 1}))
    assert [h.host for h in ranked] == ['host2', 'host1']


def test_soft_anti_affinity_prefers_hosts_without_members(conf):
    conf.config(group='filter_scheduler',
                soft_anti_affinity_weight_multiplier=10.0)
    ranked = weights.weigh_hosts(weights.all_weighers(), _hosts(),
                                 _req('soft-anti-affinity', {'host1': 1}))
    assert [h.host for h in ranked] == ['host2', 'host1']


def test_multiplier_zero_ignores_the_policy(conf):
    conf.config(group='filter_scheduler',
                soft_affinity_weight_multiplier=0.0)
    ranked = weights.weigh_hosts(weights.all_weighers(), _hosts(),
                                 _req('soft-affinity', {'host2': 1}))
    assert [h.host for h in ranked] == ['host1', 'host2']


def test_weights_only_for_their_own_policy():
    soft = affinity.ServerGroupSoftAffinityWeigher()
    anti = affinity.ServerGroupSoftAntiAffinityWeigher()
    host = fakes.host_state('host1')
    assert soft.weigh_object(host, _req('soft-affinity', {'host1': 3})) == 3
    assert anti.weigh_object(host, _req('soft-anti-affinity',
                                        {'host1': 3})) == -3
    assert soft.weigh_object(host, _req('affinity', {'host1': 3})) == 0
    assert anti.weigh_object(host, fakes.request()) == 0
