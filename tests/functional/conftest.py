"""Fixtures of the functional suite: a real deployment per concurrency backend.

Run it with::

    PYTHONPATH=/work/main python -m pytest tests/functional -v

Every test takes ``deployment``, parametrized over
``concurrency_backend = threading`` and ``eventlet``. The fixture is
session-scoped, so pytest groups the tests by backend and each backend
starts exactly one deployment (one conductor, one scheduler, two computes on
their own RabbitMQ vhost and MariaDB database) that all its tests share.
A test that stops or kills one of these processes restarts it and waits
until it is up again; tests that need to break a service start their own.

``compute1`` runs under ``audited_launch.py`` for its whole life, so the
database-isolation test sees every connection it ever made.

The REST API tests (``test_api_*``, ``test_flavors``, ``test_servers_*``)
take ``cloud``: the same deployment plus ``nova-lite-api`` (started the first
time a test asks for it, see ``cloud.py``), with flavors and an image; every
server is deleted after each test. They run under the threading backend only
(``cloud.ONE_BACKEND``); ``test_servers_smoke`` boots under both.

With pytest-xdist, ``-n 2 --dist loadgroup`` runs the two backends side by
side (one deployment per worker).

At the end the suite prints the figures it measured (launch to up, idle RSS)
and writes them to ``<basetemp>/functional-figures.json`` (or to
``$NOVA_LITE_FIGURES_FILE``).
"""

import json
import os
import signal

import pytest

from tests import servers
from tests.functional import cloud as cloud_mod
from tests.functional import fixtures

BACKENDS = ['threading', 'eventlet']


def pytest_configure(config):
    # openstacksdk's own deprecations (of its internals), not ours.
    for category in ('RemovedInSDK50Warning', 'RemovedInSDK60Warning'):
        config.addinivalue_line(
            'filterwarnings', 'ignore::openstack.warnings.%s' % category)


@pytest.fixture(scope='session', params=BACKENDS)
def deployment(request, tmp_path_factory):
    backend = request.param
    workdir = tmp_path_factory.mktemp('deployment-%s' % backend)
    db_url = servers.create_database('mysql')
    request.addfinalizer(lambda: servers.drop_database('mysql', db_url))
    transport_url, vhost = servers.create_vhost()
    request.addfinalizer(lambda: servers.delete_vhost(vhost))

    dep = fixtures.Deployment(backend, workdir, db_url, transport_url)
    request.addfinalizer(dep.close)

    def stop():
        codes = dep.stop_all()
        fixtures.record_figure(backend, '_deployment', 'exit_codes_at_teardown',
                               codes)
    request.addfinalizer(stop)

    dep.manage('db', 'sync')
    # The conductor first: the others start against a serving conductor, as
    # after a deployment's first start (a compute started before it waits
    # and retries; test_broker_outage covers a late broker).
    dep.core['conductor1'] = dep.launch(fixtures.CONDUCTOR, 'conductor1')
    dep.wait_registered(dep.core['conductor1'])
    fixtures.wait_for(
        lambda: 'error' not in dep.rpc_probe('--ping=conductor')['pings'][
            'conductor'], 'conductor1 to answer ping',
        diagnostics=dep.diagnostics)
    dep.core['scheduler1'] = dep.launch(fixtures.SCHEDULER, 'scheduler1')
    for host, resources in fixtures.COMPUTE_RESOURCES.items():
        dep.core[host] = dep.launch(fixtures.COMPUTE, host, fake=resources,
                                    audited=(host == 'compute1'))
    for host, proc in dep.core.items():
        seconds = dep.wait_registered(proc)
        fixtures.record_figure(backend, host, 'binary', proc.binary)
        fixtures.record_figure(backend, host, 'launch_to_up_s',
                               round(seconds, 2))
    return dep


def ensure_healthy(dep):
    """Restart any core service that is no longer running; wait for it."""
    for host, proc in list(dep.core.items()):
        if not proc.alive():
            new = dep.restart(proc)
            dep.wait_registered(new)


@pytest.fixture
def healthy(deployment):
    """The shared deployment, with every core process running."""
    ensure_healthy(deployment)
    return deployment


@pytest.fixture(scope='session')
def api_cloud(deployment):
    """nova-lite-api on the deployment, with flavors and an image.

    Started the first time a test of this backend asks for it; stopped with
    the deployment (``stop_all``).
    """
    return cloud_mod.Cloud(deployment).start().bootstrap()


@pytest.fixture
def cloud(api_cloud):
    """The API of a healthy deployment, without servers (any left by an
    earlier failure are deleted first); every server deleted afterwards."""
    api_cloud.ensure_healthy()
    api_cloud.delete_all()
    yield api_cloud
    api_cloud.ensure_healthy()
    api_cloud.delete_all()


@pytest.fixture
def spawned(deployment):
    """Start extra services for one test; SIGKILL any left at its end."""
    started = []

    def spawn(binary, host, **kwargs):
        proc = deployment.launch(binary, host, **kwargs)
        started.append(proc)
        return proc
    yield spawn
    for proc in started:
        if proc.alive():
            proc.signal(signal.SIGKILL)
            proc.wait(10)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``-n 2 --dist loadgroup``: one backend per xdist worker.

    (xdist's own loadgroup marks do not survive pytest 9, which no longer
    keeps the node id in ``_nodeid``; a scheduler keyed on the backend
    parameter does the same job.) Other tests keep one scope each.
    """
    if config.getvalue('dist') != 'loadgroup':
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneBackendPerWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            # The backend is the last parameter: "[eventlet]", or
            # "[...-eventlet]" with the test's own parameters before it.
            for backend in BACKENDS:
                if nodeid.endswith(('[%s]' % backend, '-%s]' % backend)):
                    return 'nova-lite-%s' % backend
            return nodeid
    return OneBackendPerWorker(config, log)


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, attach the tail of every process log to the report."""
    report = yield
    if report.failed:
        dep = getattr(item, 'funcargs', {}).get('deployment')
        if dep is not None:
            report.sections.append(
                ('nova_lite process logs (%s)' % dep.backend,
                 dep.diagnostics(lines=25)))
    return report


def _basetemp(config):
    factory = getattr(config, '_tmp_path_factory', None)
    return factory.getbasetemp() if factory is not None else None


def pytest_sessionfinish(session, exitstatus):
    """An xdist worker hands its figures to the controller via a file."""
    workerinput = getattr(session.config, 'workerinput', None)
    if workerinput is None or not fixtures.FIGURES:
        return
    shared = _basetemp(session.config).parent  # the controller's basetemp
    path = shared / ('figures-%s.json' % workerinput['workerid'])
    path.write_text(json.dumps(fixtures.FIGURES, default=str))


def _merge_worker_figures(config):
    basetemp = _basetemp(config)
    if basetemp is None:
        return
    for path in sorted(basetemp.glob('figures-*.json')):
        for backend, hosts in json.loads(path.read_text()).items():
            for host, figures in hosts.items():
                for key, value in figures.items():
                    fixtures.record_figure(backend, host, key, value)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if hasattr(config, 'workerinput'):
        return
    _merge_worker_figures(config)
    if not fixtures.FIGURES:
        return
    tr = terminalreporter
    tr.section('nova_lite functional figures (measured, not asserted)')
    tr.write_line('%-10s %-16s %-20s %9s %9s %9s' % (
        'backend', 'host', 'binary', 'up (s)', 'RSS (MB)', 'other'))
    for backend, hosts in sorted(fixtures.FIGURES.items()):
        for host, figures in sorted(hosts.items()):
            other = {k: v for k, v in figures.items()
                     if k not in ('binary', 'launch_to_up_s', 'idle_rss_kb')}
            rss = figures.get('idle_rss_kb')
            tr.write_line('%-10s %-16s %-20s %9s %9s %s' % (
                backend, host, figures.get('binary', ''),
                figures.get('launch_to_up_s', ''),
                '%.1f' % (rss / 1024.0) if rss else '',
                json.dumps(other, sort_keys=True) if other else ''))
    path = os.environ.get('NOVA_LITE_FIGURES_FILE') or str(
        _basetemp(config) / 'functional-figures.json')
    with open(path, 'w') as f:
        json.dump(fixtures.FIGURES, f, indent=2, sort_keys=True, default=str)
    tr.write_line('figures written to %s' % path)
