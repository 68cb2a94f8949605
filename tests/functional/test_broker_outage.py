"""Services survive a broker that is unreachable at start, or goes away.

A conductor, a scheduler and a compute of their own (``*-relay``) reach
RabbitMQ only through a :class:`~tests.functional.fixtures.TcpForwarder`
that the test switches on and off. They are started while the relay is not
listening (connection refused), must stay alive, and must register once it
listens; then the relay cuts every connection for a few seconds, and they
must reconnect and heartbeat again.
"""

import signal
import time

import pytest

from tests import servers
from tests.functional import fixtures

RELAYED = {
    'conductor-relay': fixtures.CONDUCTOR,
    'scheduler-relay': fixtures.SCHEDULER,
    'compute-relay': fixtures.COMPUTE,
}
UNREACHABLE_FOR = 5.0
OUTAGE = 3.0


class Relayed:
    def __init__(self, dep):
        import urllib.parse
        rabbit = urllib.parse.urlsplit(servers.RABBIT_URL)
        self.dep = dep
        self.relay = fixtures.TcpForwarder(
            (rabbit.hostname or '127.0.0.1', rabbit.port or 5672))
        url = self.relay.url_for(dep.transport_url)
        self.procs = {host: dep.launch(binary, host, transport_url=url)
                      for host, binary in RELAYED.items()}
        self.registered = False

    def diagnostics(self):
        return self.dep.diagnostics(list(self.procs.values()))

    def connect(self):
        """Let the broker be reached; return seconds to each registration."""
        if not self.relay.listening:
            self.relay.start()
        opened = time.monotonic()
        seconds = {host: self.dep.wait_registered(proc, since=opened)
                   for host, proc in self.procs.items()}
        self.registered = True
        return seconds

    def close(self):
        self.relay.stop()
        for proc in self.procs.values():
            if proc.alive():
                proc.signal(signal.SIGKILL)
                proc.wait(10)


@pytest.fixture(scope='module')
def relayed(deployment):
    relayed = Relayed(deployment)
    yield relayed
    relayed.close()


def test_services_survive_unreachable_broker_at_start(relayed):
    dep = relayed.dep
    deadline = time.monotonic() + UNREACHABLE_FOR
    while time.monotonic() < deadline:
        dead = [p for p in relayed.procs.values() if not p.alive()]
        assert not dead, 'exited while the broker was unreachable:\n%s' % (
            dep.diagnostics(dead))
        time.sleep(0.2)
    assert relayed.relay.accepted == 0
    # The conductor opens the database itself and may register without the
    # broker; the others cannot have.
    for host in ('scheduler-relay', 'compute-relay'):
        assert dep.db_service(host, RELAYED[host]) is None, host

    seconds = relayed.connect()
    for host, value in seconds.items():
        fixtures.record_figure(dep.backend, host, 'binary', RELAYED[host])
        fixtures.record_figure(dep.backend, host, 'broker_back_to_up_s',
                               round(value, 2))
    rows = dep.service_list()
    for host, binary in RELAYED.items():
        row = dep.service_row(host, binary, rows)
        assert row is not None and row['State'] == 'up', (host, rows)
    assert relayed.relay.accepted > 0
    _assert_each_answers(relayed)


def _assert_each_answers(relayed):
    """Each relayed service serves RPC on its own server queue."""
    probe = relayed.dep.rpc_probe(*[
        '--ping=%s:%s' % (binary.rpartition('-')[2], host)
        for host, binary in RELAYED.items()])
    for target, answer in probe['pings'].items():
        assert answer.get('host') == target.partition(':')[2], (
            target, answer, relayed.diagnostics())


def test_running_services_survive_a_broker_outage(relayed):
    dep = relayed.dep
    if not relayed.registered:
        relayed.connect()
    dep.wait_heartbeats(relayed.procs.values(), 1)

    relayed.relay.stop()
    cut = time.monotonic()
    while time.monotonic() < cut + OUTAGE:
        dead = [p for p in relayed.procs.values() if not p.alive()]
        assert not dead, 'exited during the broker outage:\n%s' % (
            dep.diagnostics(dead))
        time.sleep(0.2)
    counts = dep.report_counts(relayed.procs.values())
    relayed.relay.start()
    reopened = time.monotonic()

    # Each must heartbeat twice more (one report could have been queued
    # before the cut); note when each first heartbeated again.
    recovered = {}

    def all_back():
        now = dep.report_counts(relayed.procs.values())
        for host, count in now.items():
            if count > counts[host] and host not in recovered:
                recovered[host] = time.monotonic() - reopened
        dead = [p for p in relayed.procs.values() if not p.alive()]
        assert not dead, dead
        return all(c >= counts[h] + 2 for h, c in now.items())
    fixtures.wait_for(all_back, 'every relayed service to heartbeat again '
                      'after the outage',
                      diagnostics=lambda: 'recovered: %r\n%s' % (
                          recovered, relayed.diagnostics()))
    for host, seconds in recovered.items():
        fixtures.record_figure(dep.backend, host, 'outage_recovery_s',
                               round(seconds, 2))

    # And RPC through the relay works again.
    _assert_each_answers(relayed)
