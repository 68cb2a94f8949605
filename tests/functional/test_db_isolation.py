"""A compute never opens a database connection: two independent proofs.

``compute1`` has run under ``audited_launch.py`` since the deployment
started, so its audit log holds every ``socket.connect`` and
``sqlite3.connect`` it ever made. Independently, its open sockets are read
from ``/proc/<pid>/fd`` and ``/proc/<pid>/net/tcp*``.
"""

import json
import urllib.parse

import pytest

from tests import servers
from tests.functional import fixtures


def _port(url, default):
    return urllib.parse.urlsplit(url).port or default


DB_PORTS = {3306, 5432, _port(servers.MYSQL_URL, 3306),
            _port(servers.PG_URL, 5432)}
DB_WORDS = ('mysql', 'mariadb', 'postgres', 'pgsql', '.s.pgsql')


def _rabbit_port():
    return _port(servers.RABBIT_URL, 5672)


@pytest.fixture
def busy_compute(healthy):
    """compute1 after it has registered, heartbeated and reported for a
    few intervals, and after the conductor has answered a ping for it."""
    dep = healthy
    proc = dep.core['compute1']
    assert proc.audit_log is not None
    dep.wait_heartbeats(proc, 3, since={'compute1': 0})
    fixtures.wait_for(
        lambda: 'compute1' in {r['Host'] for r in dep.host_list()},
        'compute1 to report its node', diagnostics=dep.diagnostics)
    return dep, proc


def _audit_entries(proc):
    entries = []
    with open(proc.audit_log) as f:
        for line in f:
            entry = json.loads(line)
            if entry['pid'] == proc.pid:
                entries.append(entry)
    return entries


def test_compute_audit_log_shows_only_broker_connections(busy_compute):
    dep, proc = busy_compute
    entries = _audit_entries(proc)
    assert entries and entries[0]['event'] == 'start', entries[:3]
    connects = [e for e in entries if e['event'] == 'socket.connect']
    inet = [e for e in connects if e['family'] in ('AF_INET', 'AF_INET6')]
    unix = [e for e in connects if e['family'] == 'AF_UNIX']
    other = [e for e in connects if e not in inet and e not in unix]

    # The hook works: the compute's own broker connections are there.
    allowed = {_rabbit_port()}
    assert any(e['address'][1] in allowed for e in inet), connects

    bad = [e for e in inet if e['address'][1] not in allowed]
    bad += [e for e in unix
            if any(w in str(e['address']).lower() for w in DB_WORDS)]
    bad += other
    bad += [e for e in entries if e['event'].startswith('sqlite3.connect')]
    assert not bad, 'compute1 connected to something else than RabbitMQ:\n%s' \
        % '\n'.join(json.dumps(e) for e in bad)

    fixtures.record_figure(dep.backend, 'compute1', 'audited_connects',
                           len(connects))
    imported = sorted(e['module'] for e in entries if e['event'] == 'import')
    fixtures.record_figure(dep.backend, 'compute1', 'db_modules_imported',
                           imported)


def test_compute_holds_no_socket_to_the_database(busy_compute):
    dep, proc = busy_compute
    peers = fixtures.tcp_peers(proc.pid)
    # Remote port 0: a listening socket, not a connection.
    remote_ports = {remote for remote, _local, _family in peers} - {0}
    assert _rabbit_port() in remote_ports, peers
    assert not remote_ports & DB_PORTS, peers
    assert remote_ports <= {_rabbit_port()}, peers
    db_paths = [p for p in fixtures.unix_socket_paths(proc.pid)
                if any(w in p.lower() for w in DB_WORDS)]
    assert not db_paths, db_paths

    # Same check on compute2, which runs without the audit hook.
    other = dep.core['compute2']
    ports = {remote for remote, _l, _f in fixtures.tcp_peers(other.pid)}
    assert not ports & DB_PORTS, ports

    # And the conductor, which is the DB client, does hold one: the /proc
    # reading is not blind.
    conductor = dep.core['conductor1']
    fixtures.wait_for(
        lambda: {r for r, _l, _f in fixtures.tcp_peers(conductor.pid)}
        & {_port(servers.MYSQL_URL, 3306)},
        'the conductor to hold a connection to MariaDB',
        timeout=10)
