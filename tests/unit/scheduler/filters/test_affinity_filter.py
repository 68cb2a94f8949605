from nova_lite.scheduler.filters import affinity_filter
from tests.unit.scheduler import fakes

HOSTS = {'i1': 'host1', 'i2': 'host2'}


def _req(**hints):
    return fakes.request(scheduler_hints=hints, instance_hosts=HOSTS)


def test_same_host():
    f = affinity_filter.SameHostFilter()
    h1, h3 = fakes.host_state('host1'), fakes.host_state('host3')
    assert f.host_passes(h3, _req())
    assert f.host_passes(h1, _req(same_host=['i1']))
    assert not f.host_passes(h3, _req(same_host=['i1', 'i2']))
    # An instance on no host matches no host.
    assert not f.host_passes(h1, _req(same_host=['unknown']))


def test_different_host():
    f = affinity_filter.DifferentHostFilter()
    h1, h3 = fakes.host_state('host1'), fakes.host_state('host3')
    assert f.host_passes(h1, _req())
    assert not f.host_passes(h1, _req(different_host=['i1']))
    assert f.host_passes(h3, _req(different_host=['i1', 'i2']))
    assert f.host_passes(h1, _req(different_host=['unknown']))
