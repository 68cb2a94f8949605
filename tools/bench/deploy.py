#!/usr/bin/env python3
"""Stand up (``up``) and tear down (``down``) a deployment for boot.py.

``up`` creates a RabbitMQ vhost and a MariaDB database of its own, writes one
configuration file per process under ``--workdir``, runs ``nova-lite-manage
db sync``, starts nova-lite-conductor, -scheduler, two -computes (fake
driver, big resources) and nova-lite-api (noauth2, 127.0.0.1:``--port``) in
the background, waits until every service is up and the API answers,
creates the flavor ``bench.small`` and the image ``cirros``, and records
what it made in ``<workdir>/state.json``. ``down`` stops those processes
(SIGTERM, then SIGKILL after 15 s; by the PIDs it recorded), drops the
database and deletes the vhost. Logs stay in the workdir.

Needs what the functional tests need: RabbitMQ with ``rabbitmqctl`` and
MariaDB with the ``nova_lite`` account allowed to create ``nova_lite_*``
databases (``tools/run-tests.sh`` sets that up). The URLs come from the
same variables as the tests' (``NOVA_LITE_TEST_MYSQL_URL``,
``NOVA_LITE_TEST_RABBIT_URL``).
"""

import argparse
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid

import requests
import sqlalchemy as sa

MYSQL_URL = os.environ.get(
    'NOVA_LITE_TEST_MYSQL_URL',
    'mysql+pymysql://nova_lite:nova_lite@127.0.0.1:3306/')
RABBIT_URL = os.environ.get(
    'NOVA_LITE_TEST_RABBIT_URL', 'rabbit://guest:guest@127.0.0.1:5672/')

BIN = pathlib.Path(sys.executable).parent
REPO = pathlib.Path(__file__).resolve().parents[2]
# host -> (binary, extra configuration sections)
BIG = {'vcpus': 4096, 'memory_mb': 4 * 1024 * 1024, 'local_gb': 1000000}
PROCESSES = {
    'conductor1': ('nova-lite-conductor', {}),
    'scheduler1': ('nova-lite-scheduler', {}),
    'compute1': ('nova-lite-compute', {'fake_driver': BIG}),
    'compute2': ('nova-lite-compute', {'fake_driver': dict(
        BIG, memory_mb=3 * 1024 * 1024)}),
    'api1': ('nova-lite-api', {}),
}
UNLIMITED = {'instances': -1, 'cores': -1, 'ram': -1}
FLAVOR = {'name': 'bench.small', 'ram': 64, 'vcpus': 1, 'disk': 1}


def conf_text(workdir, host, state, port, backend):
    sections = dict(PROCESSES[host][1])
    sections['quota'] = UNLIMITED
    if host == 'conductor1':
        sections['database'] = {'connection': state['db_url']}
    if host == 'api1':
        sections['api'] = {'auth_strategy': 'noauth2'}
    lines = ['[DEFAULT]',
             'transport_url = %s' % state['transport_url'],
             'host = %s' % host,
             'state_path = %s' % workdir,
             'log_file = %s' % (workdir / ('%s.log' % host)),
             'concurrency_backend = %s' % backend,
             'debug = false']
    if host == 'api1':
        lines += ['osapi_compute_listen = 127.0.0.1',
                  'osapi_compute_listen_port = %d' % port]
    for group, opts in sorted(sections.items()):
        lines += ['', '[%s]' % group]
        lines += ['%s = %s' % item for item in sorted(opts.items())]
    return '\n'.join(lines) + '\n'


def command(binary):
    """How to run a nova_lite binary: the venv's script, else the repo's."""
    script = BIN / binary
    if not script.is_file():
        script = REPO / 'cmd' / binary
    return [sys.executable, str(script)]


def rabbitmqctl(*args):
    subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                   capture_output=True, text=True, timeout=60)


def manage(conf, *args):
    result = subprocess.run(command('nova-lite-manage') + [
        '--config-file', str(conf)] + list(args), capture_output=True,
        text=True, timeout=120)
    if result.returncode:
        sys.exit('nova-lite-manage %s failed:\n%s%s' % (
            ' '.join(args), result.stdout, result.stderr[-3000:]))
    return result.stdout


def wait_for(what, check, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    sys.exit('timed out waiting for %s' % what)


def services_up(conf):
    out = manage(conf, 'service', 'list')
    return out.count(' up ') >= 4


def api_answers(endpoint, procs):
    for host, proc in procs.items():
        if proc.poll() is not None:
            sys.exit('%s exited with %s' % (host, proc.returncode))
    try:
        return requests.get(endpoint + '/v2.1', timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def bootstrap(endpoint, conf):
    admin = {'X-Auth-Token': 'admin:admin'}
    resp = requests.post(endpoint + '/v2.1/flavors', headers=admin,
                         json={'flavor': FLAVOR}, timeout=30)
    if resp.status_code != 200:
        sys.exit('flavor create: %d %s' % (resp.status_code, resp.text))
    out = manage(conf, 'image', 'create', '--name', 'cirros')
    return resp.json()['flavor']['id'], out.split()[-1]


def up(args):
    workdir = pathlib.Path(args.workdir).resolve()
    state_file = workdir / 'state.json'
    if state_file.exists():
        sys.exit('%s exists: run "down" first' % state_file)
    workdir.mkdir(parents=True, exist_ok=True)
    name = 'nova_lite_bench_%s' % uuid.uuid4().hex[:8]
    rabbitmqctl('add_vhost', name)
    user = urllib.parse.urlsplit(RABBIT_URL).username or 'guest'
    rabbitmqctl('set_permissions', '-p', name, user, '.*', '.*', '.*')
    engine = sa.create_engine(MYSQL_URL, isolation_level='AUTOCOMMIT')
    with engine.connect() as conn:
        conn.execute(sa.text('CREATE DATABASE %s' % name))
    engine.dispose()
    state = {'name': name, 'pids': {},
             'db_url': MYSQL_URL + name + '?charset=utf8mb4',
             'transport_url': RABBIT_URL.rstrip('/') + '/' + name,
             'endpoint': 'http://127.0.0.1:%d' % args.port}
    state_file.write_text(json.dumps(state, indent=2))
    confs = {}
    for host in PROCESSES:
        confs[host] = workdir / ('%s.conf' % host)
        confs[host].write_text(conf_text(workdir, host, state, args.port,
                                         args.backend))
    manage(confs['conductor1'], 'db', 'sync')
    procs = {}
    for host, (binary, _sections) in PROCESSES.items():
        with open(workdir / ('%s.out' % host), 'ab') as out:
            procs[host] = subprocess.Popen(
                command(binary) + ['--config-file', str(confs[host])],
                stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
        state['pids'][host] = procs[host].pid
        state_file.write_text(json.dumps(state, indent=2))
        if host == 'conductor1':
            time.sleep(2)  # the others then start against a serving one
    wait_for('the services to be up',
             lambda: services_up(confs['conductor1']))
    wait_for('nova-lite-api to answer',
             lambda: api_answers(state['endpoint'], procs))
    state['flavor'], state['image'] = bootstrap(state['endpoint'],
                                                confs['conductor1'])
    state_file.write_text(json.dumps(state, indent=2))
    print('up: %s (logs and configuration in %s)' % (state['endpoint'],
                                                     workdir))
    print('run: %s %s --endpoint %s' % (
        sys.executable, pathlib.Path(__file__).with_name('boot.py'),
        state['endpoint']))


def _is_ours(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return b'nova-lite-' in f.read()
    except OSError:
        return False


def down(args):
    workdir = pathlib.Path(args.workdir).resolve()
    state_file = workdir / 'state.json'
    if not state_file.exists():
        sys.exit('no %s: nothing to tear down' % state_file)
    state = json.loads(state_file.read_text())
    pids = [pid for pid in state['pids'].values() if _is_ours(pid)]
    for pid in pids:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_is_ours(p) for p in pids):
        time.sleep(0.2)
    for pid in pids:
        if _is_ours(pid):
            os.kill(pid, signal.SIGKILL)
    engine = sa.create_engine(MYSQL_URL, isolation_level='AUTOCOMMIT')
    with engine.connect() as conn:
        conn.execute(sa.text('DROP DATABASE IF EXISTS %s' % state['name']))
    engine.dispose()
    rabbitmqctl('delete_vhost', state['name'])
    state_file.unlink()
    print('down: stopped %d processes, dropped %s'
          % (len(pids), state['name']))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('action', choices=['up', 'down'])
    parser.add_argument('--workdir', default='/tmp/nova-lite-bench')
    parser.add_argument('--port', type=int, default=8774)
    parser.add_argument('--backend', default='threading',
                        choices=['threading', 'eventlet'])
    args = parser.parse_args()
    (up if args.action == 'up' else down)(args)


if __name__ == '__main__':
    main()
