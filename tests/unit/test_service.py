"""A Service registers, heartbeats, runs periodic tasks and stops cleanly."""

import datetime
import time
from unittest import mock

from oslo_utils import timeutils
import pytest

from nova_lite import context
from nova_lite import objects
from nova_lite import service
from nova_lite import servicegroup
from tests.unit.db import db_fixture


@pytest.fixture
def db(tmp_path):
    objects.register_all()
    with db_fixture.Database(
            db_fixture.sqlite_url(tmp_path / 'svc.sqlite')) as database:
        yield database


def _wait_for(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _get(host, binary):
    return objects.Service.get_by_host_and_binary(
        context.get_admin_context(), host, binary)


def test_compute_registers_heartbeats_and_reports(rpc_transport, db, conf,
                                                  unique):
    conf.config(report_interval=1, periodic_fuzzy_delay=0)
    conf.config(vcpus=6, memory_mb=4096, local_gb=50, group='fake_driver')
    svc = service.Service.create('nova-lite-compute', host=unique)
    svc.start()
    try:
        row = _get(unique, 'nova-lite-compute')
        assert row.topic == 'compute'
        assert row.version == objects.service.SERVICE_VERSION
        assert row.availability_zone == 'nova'
        assert _wait_for(
            lambda: _get(unique, 'nova-lite-compute').report_count >= 2)
        assert servicegroup.service_is_up(_get(unique, 'nova-lite-compute'))

        node = objects.ComputeNode.get_by_host_and_nodename(
            context.get_admin_context(), unique, unique)
        assert (node.vcpus, node.memory_mb, node.local_gb) == (6, 4096, 50)
        assert node.service_id == row.id
    finally:
        svc.stop(graceful_timeout=5)


def test_restart_reuses_the_row(rpc_transport, db, unique):
    for _ in range(2):
        svc = service.Service.create('nova-lite-scheduler', host=unique)
        svc.start()
        svc.stop(graceful_timeout=5)
    rows = objects.ServiceList.get_by_host(context.get_admin_context(),
                                           unique)
    assert [r.binary for r in rows] == ['nova-lite-scheduler']
    assert rows[0].availability_zone == 'internal'


def test_heartbeat_survives_a_lost_conductor():
    ref = mock.Mock(report_count=3)
    ref.save.side_effect = [OSError('broker gone'), None]
    beat = servicegroup.Heartbeat(ref)
    beat.report()
    assert beat.disconnected and ref.report_count == 3
    beat.report()
    assert not beat.disconnected and ref.report_count == 4


@pytest.mark.parametrize('age,forced,up', [
    (0, False, True), (59, False, True), (61, False, False),
    (0, True, False)])
def test_service_is_up(conf, age, forced, up):
    conf.config(service_down_time=60)
    seen = timeutils.utcnow(with_timezone=True) - datetime.timedelta(
        seconds=age)
    ref = mock.Mock(forced_down=forced, last_seen_up=seen)
    assert servicegroup.service_is_up(ref) is up


def test_loop_stops_promptly():
    calls = []
    loop = service._Loop('t', lambda: calls.append(1), interval=30)
    loop.start()
    assert _wait_for(lambda: calls)
    started = time.monotonic()
    loop.stop()
    loop.wait(timeout=5)
    assert time.monotonic() - started < 1
    assert calls == [1]
