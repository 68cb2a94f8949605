from nova_lite.scheduler.filters import availability_zone_filter
from tests.unit.scheduler import fakes

FILTER = availability_zone_filter.AvailabilityZoneFilter()


def test_no_zone_asked_passes_every_host():
    host = fakes.host_state(service_kwargs={'availability_zone': 'az2'})
    assert FILTER.host_passes(host, fakes.request())


def test_zone_must_match():
    host = fakes.host_state(service_kwargs={'availability_zone': 'az2'})
    assert FILTER.host_passes(host, fakes.request(availability_zone='az2'))
    assert not FILTER.host_passes(host,
                                  fakes.request(availability_zone='nova'))


def test_zone_of_a_forced_host_request():
    host = fakes.host_state(service_kwargs={'availability_zone': 'az2'})
    assert FILTER.host_passes(
        host, fakes.request(availability_zone='az2:host1'))
