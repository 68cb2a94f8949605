import datetime

from oslo_utils import timeutils

from nova_lite.scheduler.filters import compute_filter
from tests.unit.scheduler import fakes


def _passes(**service_kwargs):
    host = fakes.host_state(service_kwargs=service_kwargs)
    return compute_filter.ComputeFilter().host_passes(host, fakes.request())


def test_up_and_enabled_passes():
    assert _passes()


def test_disabled_fails():
    assert not _passes(disabled=True, disabled_reason='maintenance')


def test_forced_down_fails():
    assert not _passes(forced_down=True)


def test_silent_service_fails(conf):
    conf.config(service_down_time=60)
    old = timeutils.utcnow() - datetime.timedelta(seconds=120)
    assert not _passes(last_seen_up=old)


def test_no_service_fails():
    host = fakes.host_state()
    host.service = None
    assert not compute_filter.ComputeFilter().host_passes(
        host, fakes.request())
