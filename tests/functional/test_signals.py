"""SIGHUP reloads a running service; SIGTERM stops it gracefully.

Each binary gets a spare process of its own (``*-spare``), started with
``debug = False``, so that the shared deployment is never disturbed. The
tests run in order on the same processes: SIGHUP all three, then SIGTERM
the scheduler and the compute, then SIGTERM the conductor (alone, so that
its stop can be judged by what happens to the requests of the others).
"""

import re
import signal
import time

import pytest

from tests.functional import fixtures

SPARES = {
    'conductor-spare': fixtures.CONDUCTOR,
    'scheduler-spare': fixtures.SCHEDULER,
    'compute-spare': fixtures.COMPUTE,
}

RELOADED = re.compile(r'reload|sighup', re.IGNORECASE)
# oslo.config logs each option a reload changed (mutate_config_files).
DEBUG_CHANGED = re.compile(r'DEFAULT\.debug changed from \[False\] to '
                           r'\[True\]')
STOPPING = re.compile(r'stopping|stopped', re.IGNORECASE)
LOST_CONDUCTOR = re.compile(r'Lost connection to nova-lite-conductor|'
                            r'MessagingTimeout')
STOP_DEADLINE = 10.0


@pytest.fixture(scope='module')
def spares(deployment):
    procs = {host: deployment.launch(binary, host, debug=False)
             for host, binary in SPARES.items()}
    try:
        for host, proc in procs.items():
            seconds = deployment.wait_registered(proc)
            fixtures.record_figure(deployment.backend, host, 'binary',
                                   proc.binary)
            fixtures.record_figure(deployment.backend, host,
                                   'launch_to_up_s', round(seconds, 2))
        yield procs
    finally:
        for proc in procs.values():
            if proc.alive():
                proc.signal(signal.SIGKILL)
                proc.wait(10)


def _debug_lines(text):
    return [line for line in text.splitlines() if ' DEBUG ' in line]


def _sigterm(dep, procs):
    """SIGTERM ``procs`` together; return the problems seen (a list)."""
    offsets = {p.host: p.log_size() for p in procs}
    sent = time.monotonic()
    for proc in procs:
        proc.signal(signal.SIGTERM)
    exited = {}
    while len(exited) < len(procs) and \
            time.monotonic() < sent + STOP_DEADLINE:
        for proc in procs:
            if proc.host not in exited and not proc.alive():
                exited[proc.host] = time.monotonic() - sent
        time.sleep(0.05)
    problems = []
    for proc in procs:
        if proc.host not in exited:
            problems.append('%s still running %.0fs after SIGTERM' % (
                proc.host, STOP_DEADLINE))
            continue
        fixtures.record_figure(dep.backend, proc.host, 'sigterm_to_exit_s',
                               round(exited[proc.host], 2))
        if proc.returncode != 0:
            problems.append('%s exited with %s after SIGTERM' % (
                proc.host, proc.returncode))
        if not STOPPING.search(proc.log_since(offsets[proc.host])):
            problems.append('%s logged neither "stopping" nor "stopped"'
                            % proc.host)
    return problems


def test_sighup_reloads_configuration(deployment, spares):
    dep = deployment
    procs = list(spares.values())
    dep.wait_heartbeats(procs, 2, since=dict.fromkeys(spares, 0))
    for proc in procs:
        assert not _debug_lines(proc.log_since(0)), (
            '%r logged DEBUG lines with debug = False:\n%s' % (
                proc, '\n'.join(_debug_lines(proc.log_since(0))[:5])))

    offsets = {}
    for host, proc in spares.items():
        text = proc.conf_path.read_text()
        assert 'debug = False' in text
        proc.conf_path.write_text(text.replace('debug = False',
                                               'debug = True'))
        offsets[host] = proc.log_size()
    counts = dep.report_counts(procs)
    for proc in procs:
        proc.signal(signal.SIGHUP)

    for host, proc in spares.items():
        fixtures.wait_for(
            lambda: RELOADED.search(proc.log_since(offsets[host])) and
            DEBUG_CHANGED.search(proc.log_since(offsets[host])),
            '%s to log that it reloaded and took debug = True' % host,
            timeout=15, diagnostics=lambda: dep.diagnostics([proc]))
    # The new level is in force: DEBUG lines appear. The compute is the
    # one sure to log at DEBUG on its own (its periodic resource update
    # runs every update_resources_interval); the others may stay quiet.
    compute = spares['compute-spare']
    fixtures.wait_for(
        lambda: _debug_lines(compute.log_since(offsets['compute-spare'])),
        'compute-spare to log DEBUG lines after SIGHUP with debug = True',
        timeout=15, diagnostics=lambda: dep.diagnostics([compute]))

    # Still running, still heartbeating, still listed up.
    dep.wait_heartbeats(procs, 2, since=counts)
    rows = dep.service_list()
    for host, binary in SPARES.items():
        assert dep.service_row(host, binary, rows)['State'] == 'up'


def test_sigterm_stops_scheduler_and_compute_gracefully(deployment, spares):
    procs = [spares['scheduler-spare'], spares['compute-spare']]
    for proc in procs:
        assert proc.alive(), 'died before SIGTERM:\n%s' % (
            deployment.diagnostics([proc]))
    problems = _sigterm(deployment, procs)
    assert not problems, '\n'.join(problems) + '\n' + \
        deployment.diagnostics(procs)


def test_sigterm_stops_conductor_gracefully(deployment, spares):
    """The conductor exits cleanly, and drops no request it had taken.

    The conductor topic is shared with conductor1, so conductor-spare takes
    about half of the heartbeats of the core services. A graceful stop
    answers the ones it took; a lost one shows as a heartbeat that times
    out (rpc_response_timeout, 10s) and a "Lost connection" warning.
    """
    dep = deployment
    proc = spares['conductor-spare']
    assert proc.alive(), dep.diagnostics([proc])
    others = [p for p in dep.core.values() if p.binary != fixtures.CONDUCTOR
              and p.alive()]
    offsets = {p.host: p.log_size() for p in others}
    counts = dep.report_counts(others)

    problems = _sigterm(dep, [proc])
    assert not problems, '\n'.join(problems) + '\n' + dep.diagnostics([proc])

    # Every other service keeps heartbeating at its pace: three more
    # reports within a few seconds (a lost call would stall one for 10s).
    dep.wait_heartbeats(others, 3, since=counts, timeout=6)
    lost = {p.host: LOST_CONDUCTOR.findall(p.log_since(offsets[p.host]))
            for p in others}
    assert not any(lost.values()), (
        'requests lost while conductor-spare stopped: %r\n%s' % (
            lost, dep.diagnostics(others)))
