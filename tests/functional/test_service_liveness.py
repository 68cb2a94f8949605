"""Services register, heartbeat, are listed, go down when killed, come back."""

import signal
import time

from tests.functional import fixtures

CORE = {
    'conductor1': fixtures.CONDUCTOR,
    'scheduler1': fixtures.SCHEDULER,
    'compute1': fixtures.COMPUTE,
    'compute2': fixtures.COMPUTE,
}


def test_every_service_registers_and_heartbeats(healthy):
    dep = healthy
    rows = {(r['host'], r['binary']): r for r in dep.db_services()}
    for host, binary in CORE.items():
        assert (host, binary) in rows, (
            '%s on %s has no service row; rows: %r\n%s' % (
                binary, host, sorted(rows), dep.diagnostics()))

    before = {host: rows[(host, binary)] for host, binary in CORE.items()}
    # report_interval is 1s: three more heartbeats each, and updated_at
    # moved on, for every service.
    dep.wait_heartbeats([dep.core[h] for h in CORE], 3)
    for host, binary in CORE.items():
        after = dep.db_service(host, binary)
        assert after['id'] == before[host]['id']
        assert after['report_count'] >= before[host]['report_count'] + 3
        stamps = (fixtures.liveness_stamp(before[host]),
                  fixtures.liveness_stamp(after))
        assert stamps[1] > stamps[0], (host, stamps)
        assert after['updated_at'] is not None, after


def test_service_list_shows_every_service_up(healthy):
    dep = healthy
    rows = dep.service_list()
    versions = set()
    for host, binary in CORE.items():
        row = dep.service_row(host, binary, rows)
        assert row is not None, 'no %s on %s in:\n%r' % (binary, host, rows)
        assert row['State'] == 'up', row
        assert row['Status'] == 'enabled', row
        assert row['Forced Down'].lower() in ('false', 'no', '0'), row
        assert row['Zone'] == ('nova' if binary == fixtures.COMPUTE
                               else 'internal'), row
        assert int(row['Id']) > 0
        versions.add(int(row['Version']))
    assert len(versions) == 1 and versions.pop() > 0, rows

    # The listing follows the heartbeats: Updated At moves on.
    first = {r['Host']: r['Updated At'] for r in rows}

    def moved():
        now = dep.service_list()
        return all(dep.service_row(h, b, now)['Updated At'] != first[h]
                   for h, b in CORE.items())
    fixtures.wait_for(moved, 'Updated At to move on for every service',
                      diagnostics=dep.diagnostics)


def test_idle_services_footprint(healthy):
    """Measure (not assert) each idle service's RSS after a few heartbeats."""
    dep = healthy
    procs = [dep.core[h] for h in CORE]
    dep.wait_heartbeats(procs, 3, since=dict.fromkeys(CORE, 0))
    for proc in procs:
        host = proc.host
        rss = proc.rss_kb()
        assert rss and rss > 0
        fixtures.record_figure(dep.backend, host, 'idle_rss_kb', rss)
        if proc.audit_log is not None:
            fixtures.record_figure(dep.backend, host, 'note',
                                   'runs under audited_launch.py')


def test_killed_compute_goes_down_then_up_after_restart(healthy):
    dep = healthy
    proc = dep.core['compute2']
    before = dep.db_service('compute2', fixtures.COMPUTE)
    assert dep.service_row('compute2', fixtures.COMPUTE)['State'] == 'up'
    node_before = fixtures.wait_for(
        lambda: [r for r in dep.host_list() if r['Host'] == 'compute2'],
        'compute2 to report its node')[0]

    killed_at = time.monotonic()
    proc.signal(signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL

    # Wait cheaply (the table) until the row is stale, then ask
    # nova-lite-manage, as an operator would, until it says down.
    fixtures.wait_for(
        lambda: (fixtures.utcnow() - fixtures.liveness_stamp(
            dep.db_service('compute2', fixtures.COMPUTE))).total_seconds()
        > dep.service_down_time,
        'the compute2 row to go stale', timeout=dep.service_down_time + 30)
    seen_down_at = dep.wait_state('compute2', fixtures.COMPUTE, 'down')
    elapsed = seen_down_at - killed_at
    fixtures.record_figure(dep.backend, 'compute2', 'kill_to_down_s',
                           round(elapsed, 2))
    # Down at the latest service_down_time after its last heartbeat, which
    # was at most report_interval before the kill; 3s for the listing and
    # the one-second resolution of the timestamps.
    limit = dep.service_down_time + dep.report_interval + 3
    assert elapsed <= limit, (
        'compute2 shown down %.1fs after SIGKILL, more than %ds' % (
            elapsed, limit))

    new = dep.restart(proc)
    dep.wait_registered(new)  # a fresh heartbeat in the table
    seen_up_at = dep.wait_state('compute2', fixtures.COMPUTE, 'up')
    fixtures.record_figure(dep.backend, 'compute2', 'restart_to_up_s',
                           round(seen_up_at - new.started_at, 2))
    # Same host, same row: the restarted compute took its service back and
    # heartbeats again.
    dep.wait_heartbeats(new, 2)
    after = dep.db_service('compute2', fixtures.COMPUTE)
    assert after['id'] == before['id']
    assert after['report_count'] > before['report_count']
    # ... and still one node, the same one, with the same resources.
    nodes = [r for r in dep.host_list() if r['Host'] == 'compute2']
    assert nodes == [node_before], (node_before, nodes)
