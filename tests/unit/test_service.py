"""A Service registers, heartbeats, runs periodic tasks and stops cleanly;
run() obeys signals at any time, start-up included."""

import datetime
import logging as std_logging
import os
import signal
import threading
import time
import types
from unittest import mock

from oslo_utils import timeutils
import pytest

from nova_lite import config
from nova_lite import context
from nova_lite import objects
from nova_lite import rpc
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


def test_stop_does_not_wait_for_a_stuck_loop_round(monkeypatch):
    """A heartbeat stuck in a call to a vanished conductor (until
    rpc_response_timeout) does not hold the stop."""
    monkeypatch.setattr(service, 'LOOP_STOP_TIMEOUT', 0.5)
    in_call, release = threading.Event(), threading.Event()

    def stuck_report():
        in_call.set()
        release.wait(30)

    svc = service.Service('h', 'nova-lite-compute', 'compute',
                          manager=mock.Mock())
    loop = service._Loop('heartbeat', stuck_report, interval=1)
    svc._loops.append(loop)
    loop.start()
    try:
        assert in_call.wait(5)
        started = time.monotonic()
        assert svc.stop(graceful_timeout=60) is True
        assert time.monotonic() - started < 2
        svc.manager.cleanup_host.assert_called_once_with()
    finally:
        release.set()
    assert loop.wait(timeout=5)


def test_stop_ends_the_loops_before_draining_rpc(monkeypatch):
    svc = service.Service('h', 'nova-lite-scheduler', 'scheduler',
                          manager=mock.Mock())
    loop = service._Loop('heartbeat', lambda: None, interval=30)
    svc._loops.append(loop)
    svc.rpcserver = mock.sentinel.rpcserver
    seen = []

    def stop_server(server, graceful_timeout):
        seen.append((server, graceful_timeout, loop._stop.is_set()))
        return False
    monkeypatch.setattr(rpc, 'stop_server', stop_server)
    assert svc.stop(graceful_timeout=7) is False
    assert seen == [(mock.sentinel.rpcserver, 7, True)]


def test_a_closed_gate_stops_start_up_before_serving(rpc_transport, db,
                                                     unique):
    gate = service._Gate()
    assert gate.close(timeout=0) == []
    svc = service.Service.create('nova-lite-scheduler', host=unique)
    with pytest.raises(service._StartUpAborted):
        svc.start(gate=gate)
    assert svc.rpcserver is None and svc._loops == []
    # It registered (abandonable work) but never served.
    assert _get(unique, 'nova-lite-scheduler') is not None


# --------------------------------------------------------------------------
# run(): signals, start-up and exit
# --------------------------------------------------------------------------

class _Exited(Exception):
    pass


@pytest.fixture
def signals(monkeypatch):
    """A fresh signal state; the test process's own handlers come back."""
    saved = {signo: signal.getsignal(signo)
             for signo in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    monkeypatch.setattr(service, '_signals', None)
    yield
    for signo, handler in saved.items():
        signal.signal(signo, handler)


@pytest.fixture
def outcome(monkeypatch, caplog):
    """What run() did on its way out: exit codes, rpc.cleanup, logs."""
    caplog.set_level(std_logging.INFO, logger='nova_lite.service')
    seen = types.SimpleNamespace(exits=[], cleanups=0, caplog=caplog)

    def exit_now(code):
        seen.exits.append(code)
        raise _Exited(code)

    def cleanup():
        seen.cleanups += 1
    monkeypatch.setattr(service, '_exit_now', exit_now)
    monkeypatch.setattr(rpc, 'cleanup', cleanup)
    return seen


def _signal_soon(signo, delay=0.3):
    timer = threading.Timer(delay, os.kill, (os.getpid(), signo))
    timer.start()
    return timer


class _FakeServer:
    """A server run() starts and stops (as the API's)."""

    def __init__(self, name, events, drained=True, error=None):
        self.name = name
        self.events = events
        self.drained = drained
        self.error = error

    def start(self):
        self.events.append(('start', self.name))
        if self.error is not None:
            raise self.error

    def reset(self):
        self.events.append(('reset', self.name))

    def stop(self, graceful_timeout=None):
        self.events.append(('stop', self.name))
        return self.drained


class _WaitsForConductor(service.Service):
    """Blocks before the gate, as a compute waiting for its conductor."""

    def __init__(self, events, release):
        super().__init__('h', 'nova-lite-compute', 'compute',
                         manager=mock.Mock())
        self.events = events
        self.release = release

    def start(self, gate=None):
        self.events.append(('start', 'compute'))
        self.release.wait(30)
        with gate.passing(self):
            self.events.append(('serving', 'compute'))

    def stop(self, graceful_timeout=None):
        self.events.append(('stop', 'compute'))
        return True


def test_sigterm_stops_the_services_in_reverse_order(signals, outcome):
    events = []
    _signal_soon(signal.SIGTERM)
    assert service.run(_FakeServer('a', events),
                       _FakeServer('b', events)) == 0
    assert events == [('start', 'a'), ('start', 'b'),
                      ('stop', 'b'), ('stop', 'a')]
    assert outcome.cleanups == 1 and outcome.exits == []
    assert 'Caught SIGTERM, stopping' in outcome.caplog.text


def test_sighup_resets_each_service(signals, outcome, monkeypatch):
    events = []
    monkeypatch.setattr(service.CONF, 'mutate_config_files',
                        lambda: events.append('reread'))
    _signal_soon(signal.SIGHUP)
    _signal_soon(signal.SIGTERM, delay=1.5)
    assert service.run(_FakeServer('a', events)) == 0
    assert events == [('start', 'a'), 'reread', ('reset', 'a'),
                      ('stop', 'a')]
    assert 'Reloaded configuration' in outcome.caplog.text


def test_sigterm_during_start_up_stops_what_serves(signals, outcome):
    """The first service serves, the second waits for its conductor: the
    first is stopped properly, the second abandoned before it serves."""
    events, release = [], threading.Event()
    _signal_soon(signal.SIGTERM)
    started = time.monotonic()
    try:
        with pytest.raises(_Exited):
            service.run(_FakeServer('a', events),
                        _WaitsForConductor(events, release))
        assert time.monotonic() - started < 3
        assert outcome.exits == [0] and outcome.cleanups == 0
        assert events == [('start', 'a'), ('start', 'compute'),
                          ('stop', 'a')]
        assert 'Caught SIGTERM during start-up, stopping' in \
            outcome.caplog.text
    finally:
        release.set()
    time.sleep(0.2)
    assert ('serving', 'compute') not in events


def test_sigterm_before_run_starts_nothing(signals, outcome):
    service.install_signal_handlers()
    os.kill(os.getpid(), signal.SIGTERM)
    events = []
    assert service.run(_FakeServer('a', events)) == 0
    assert events == []
    assert 'Caught SIGTERM during start-up, exiting' in outcome.caplog.text


def test_a_failed_start_stops_what_serves_then_raises(signals, outcome):
    events = []
    with pytest.raises(RuntimeError, match='no broker'):
        service.run(_FakeServer('a', events),
                    _FakeServer('b', events, error=RuntimeError('no broker')))
    assert events == [('start', 'a'), ('start', 'b'), ('stop', 'b'),
                      ('stop', 'a')]


def test_requests_left_running_end_the_process_at_once(signals, outcome):
    """Past graceful_shutdown_timeout the interpreter's exit would wait for
    the abandoned requests (futurist joins its workers): exit at once."""
    events = []
    _signal_soon(signal.SIGTERM)
    with pytest.raises(_Exited):
        service.run(_FakeServer('a', events, drained=False))
    assert outcome.exits == [0] and outcome.cleanups == 0


def test_call_during_start_up_returns_or_raises(signals):
    assert service.call_during_start_up(lambda x, y=1: x + y, 1, y=2) == 3
    with pytest.raises(KeyError):
        service.call_during_start_up({}.__getitem__, 'k')


def test_sigterm_ends_a_start_up_wait(signals, outcome):
    release = threading.Event()
    _signal_soon(signal.SIGTERM)
    started = time.monotonic()
    try:
        with pytest.raises(_Exited):
            service.call_during_start_up(release.wait, 30)
    finally:
        release.set()
    assert outcome.exits == [0]
    assert time.monotonic() - started < 3
    assert 'Caught SIGTERM during start-up, exiting' in outcome.caplog.text


def test_call_during_start_up_outside_the_main_thread(signals):
    results = []
    thread = threading.Thread(target=lambda: results.append(
        service.call_during_start_up(lambda: 'done')))
    thread.start()
    thread.join(5)
    assert results == ['done']
    assert service._signals is None     # no handler taken over


def test_oslo_messaging_is_quiet_under_both_logger_names():
    levels = dict(entry.split('=') for entry in config.default_log_levels())
    assert levels['oslo.messaging'] == levels['oslo_messaging'] == 'INFO'
    assert levels['oslo_service.periodic_task'] == 'INFO'
    assert levels['kombu'] == levels['amqp'] == 'WARN'
    assert not any(name.startswith('nova_lite') for name in levels)


def test_each_periodic_round_logs_one_debug_line(caplog):
    """oslo_service.periodic_task is kept at INFO: the service says it."""
    caplog.set_level(std_logging.DEBUG, logger='nova_lite.service')
    manager = mock.Mock()
    manager.periodic_tasks.return_value = 2.0
    svc = service.Service('h', 'nova-lite-compute', 'compute', manager)
    assert svc._run_periodic() == 2.0
    assert [r.getMessage() for r in caplog.records] == [
        'Ran the periodic tasks of nova-lite-compute; next round in 2.0s']
