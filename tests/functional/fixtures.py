"""Harness of the functional suite: real nova_lite processes on real servers.

A :class:`Deployment` owns one RabbitMQ vhost, one MariaDB database and a
working directory (configuration files, logs). It writes one configuration
file per process, starts the installed ``nova-lite-*`` binaries as child
processes, runs ``nova-lite-manage`` and reads the ``services`` table
directly (the test process may open the database; the services under test
must not, except the conductor).

Nothing here imports ``nova_lite``: the pytest process keeps a clean global
configuration, and everything that needs nova_lite's own code (RPC, objects)
runs in a child process (``rpc_probe.py``).

Also here: :class:`TcpForwarder`, a small TCP relay that stands between the
services and RabbitMQ so a test can make the broker unreachable, and the
helpers that read a process's sockets from ``/proc``.
"""

import datetime
import json
import os
import pathlib
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]

CONDUCTOR = 'nova-lite-conductor'
SCHEDULER = 'nova-lite-scheduler'
COMPUTE = 'nova-lite-compute'
API = 'nova-lite-api'
MANAGE = 'nova-lite-manage'

SERVICE_LIST_COLUMNS = ['Id', 'Binary', 'Host', 'Zone', 'Status', 'State',
                        'Updated At', 'Forced Down', 'Version']
HOST_LIST_COLUMNS = ['Host', 'Hypervisor Hostname', 'vCPUs', 'Memory MB',
                     'Local GB', 'vCPUs Used', 'Memory MB Used',
                     'Local GB Used', 'Running VMs']

# The two computes of a deployment report different fake hypervisors.
COMPUTE_RESOURCES = {
    'compute1': dict(vcpus=8, memory_mb=16384, local_gb=200),
    'compute2': dict(vcpus=4, memory_mb=8192, local_gb=100),
}

# Generous deadlines: the checks wait for events, they do not time them.
DEADLINE = 30.0
POLL = 0.15

# Figures measured while the suite runs (not asserted), keyed by backend,
# then by host; conftest prints them at the end and writes them as JSON.
FIGURES = {}


def utcnow():
    """Naive UTC, as the services table stores its timestamps."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def record_figure(backend, host, key, value):
    FIGURES.setdefault(backend, {}).setdefault(host, {})[key] = value


# --------------------------------------------------------------------------
# Binaries and child processes
# --------------------------------------------------------------------------

def binary_path(name):
    """The script of a nova_lite binary: the venv's, else the repo's."""
    installed = pathlib.Path(sys.executable).parent / name
    if installed.is_file():
        return installed
    return REPO / 'cmd' / name


def child_env():
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in (str(REPO), env.get('PYTHONPATH')) if p)
    env['PYTHONUNBUFFERED'] = '1'
    # A service that sees NOTIFY_SOCKET talks to systemd: not ours to reach.
    env.pop('NOTIFY_SOCKET', None)
    return env


def tail(path, lines=40):
    try:
        with open(path, 'rb') as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            text = f.read().decode('utf-8', 'replace')
    except FileNotFoundError:
        return '(no file %s)' % path
    return '\n'.join(text.splitlines()[-lines:])


class ServiceProcess:
    """One nova_lite service process the suite started (and must stop)."""

    def __init__(self, binary, host, conf_path, log_path, out_path,
                 audit_log=None):
        self.binary = binary
        self.host = host
        self.conf_path = conf_path
        self.log_path = log_path
        self.out_path = out_path
        self.audit_log = audit_log
        self.popen = None
        self.started_at = None

    def __repr__(self):
        return '<%s host=%s pid=%s>' % (self.binary, self.host, self.pid)

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def start(self):
        script = binary_path(self.binary)
        if not script.is_file():
            raise AssertionError('%s not found (neither next to %s nor in '
                                 '%s/cmd)' % (self.binary, sys.executable,
                                              REPO))
        cmd = [sys.executable]
        if self.audit_log is not None:
            cmd += [str(HERE / 'audited_launch.py'), str(self.audit_log)]
        cmd += [str(script), '--config-file', str(self.conf_path)]
        with open(self.out_path, 'ab') as out:
            out.write(('=== %s: %s\n' % (time.strftime('%H:%M:%S'),
                                         ' '.join(cmd))).encode())
            out.flush()
            self.started_at = time.monotonic()
            self.popen = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, env=child_env(),
                cwd=str(self.log_path.parent), start_new_session=True)
        return self

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    @property
    def returncode(self):
        return self.popen.poll() if self.popen else None

    def signal(self, signum):
        if self.alive():
            os.kill(self.popen.pid, signum)

    def wait(self, timeout):
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        """SIGKILL (by PID) and reap."""
        if self.alive():
            os.kill(self.popen.pid, signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=30)

    def stop(self, timeout=15, signalled=False):
        """SIGTERM (unless ``signalled`` already), then SIGKILL after
        ``timeout``; return the exit code.

        One SIGTERM only: a second one can land while the interpreter
        finalizes, after Python restored the default action, and kill the
        process with -15 after a clean stop.
        """
        if self.popen is None:
            return None
        if self.alive():
            if not signalled:
                os.kill(self.popen.pid, signal.SIGTERM)
            if self.wait(timeout) is None:
                self.kill()
        return self.popen.returncode

    # -- logs and resources ------------------------------------------------

    def log_size(self):
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def log_since(self, offset=0):
        try:
            with open(self.log_path, 'rb') as f:
                f.seek(offset)
                return f.read().decode('utf-8', 'replace')
        except FileNotFoundError:
            return ''

    def diagnostics(self, lines=40):
        state = ('running' if self.alive()
                 else 'exited with %s' % self.returncode)
        return ('--- %s on %s (pid %s, %s) log %s:\n%s\n'
                '--- its stdout/stderr %s:\n%s\n' % (
                    self.binary, self.host, self.pid, state, self.log_path,
                    tail(self.log_path, lines), self.out_path,
                    tail(self.out_path, 15)))

    def rss_kb(self):
        with open('/proc/%d/status' % self.pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
        return None


# --------------------------------------------------------------------------
# Waiting
# --------------------------------------------------------------------------

def wait_for(predicate, what, timeout=DEADLINE, interval=POLL,
             diagnostics=None):
    """Poll ``predicate`` until it returns something truthy; return it.

    On timeout raise AssertionError naming ``what``, with the last value
    (or exception) seen and, if given, ``diagnostics()`` (process logs).
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # noqa: BLE001 - kept for the message
            last = exc
        if time.monotonic() >= deadline:
            message = 'Timed out after %.0fs waiting for %s; last: %r' % (
                timeout, what, last)
            if diagnostics is not None:
                message += '\n' + diagnostics()
            raise AssertionError(message)
        time.sleep(interval)


# --------------------------------------------------------------------------
# Tables printed by nova-lite-manage
# --------------------------------------------------------------------------

def parse_table(text):
    """Rows of a prettytable as dicts keyed by the header's column names."""
    rows = [[cell.strip() for cell in line.strip().strip('|').split('|')]
            for line in text.splitlines() if line.strip().startswith('|')]
    if not rows:
        return [], []
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, row)) for row in body]


# --------------------------------------------------------------------------
# The deployment
# --------------------------------------------------------------------------

class Deployment:
    """One conductor, one scheduler, two computes, on their own vhost/DB."""

    report_interval = 1
    service_down_time = 4
    update_resources_interval = 2

    def __init__(self, backend, workdir, db_url, transport_url):
        import sqlalchemy as sa
        self.backend = backend
        self.workdir = pathlib.Path(workdir)
        self.db_url = db_url
        self.transport_url = transport_url
        self.processes = []
        self.core = {}            # host -> ServiceProcess of the deployment
        self.manage_conf = self.write_conf('manage', 'manage',
                                           database=True, log=False,
                                           debug=False)
        self.probe_conf = self.write_conf('rpc-probe', 'rpc-probe',
                                          backend='threading')
        self._engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)

    # -- configuration ---------------------------------------------------

    def conf_text(self, host, *, database=False, transport_url=None,
                  debug=True, log=True, backend=None, fake=None, name=None,
                  api_port=None, sections=None):
        """One process's configuration file.

        ``fake``: options of ``[fake_driver]`` (over the default resources);
        ``api_port``: make it an API's file (listen on 127.0.0.1:port,
        noauth2); ``sections``: more ``{group: {option: value}}``.
        """
        fake = dict(dict(vcpus=8, memory_mb=16384, local_gb=200), **(fake or {}))
        sections = {group: dict(opts) for group, opts in
                    (sections or {}).items()}
        if api_port is not None:
            sections.setdefault('api', {}).setdefault('auth_strategy',
                                                      'noauth2')
            # Every response is checked against its route's schema: a
            # mismatch is a 500 the test sees.
            sections['api'].setdefault('response_validation', 'error')
        lines = [
            '[DEFAULT]',
            'transport_url = %s' % (transport_url or self.transport_url),
            'host = %s' % host,
            'report_interval = %d' % self.report_interval,
            'service_down_time = %d' % self.service_down_time,
            'periodic_fuzzy_delay = 0',
            'update_resources_interval = %d' % self.update_resources_interval,
            'concurrency_backend = %s' % (backend or self.backend),
            'debug = %s' % debug,
            'state_path = %s' % self.workdir,
            # Fail an RPC call in 10s rather than 60s: the suite's deadlines
            # are 30s and a lost reply must not eat them.
            'rpc_response_timeout = 10',
        ]
        if api_port is not None:
            lines += ['osapi_compute_listen = 127.0.0.1',
                      'osapi_compute_listen_port = %d' % api_port]
        if log:
            lines.append('log_file = %s' % self.log_path(name or host))
        lines += ['', '[fake_driver]']
        lines += ['%s = %s' % item for item in sorted(fake.items())]
        if database:
            lines += ['', '[database]', 'connection = %s' % self.db_url]
        for group, opts in sorted(sections.items()):
            lines += ['', '[%s]' % group]
            lines += ['%s = %s' % item for item in sorted(opts.items())]
        return '\n'.join(lines) + '\n'

    def log_path(self, name):
        return self.workdir / ('%s.log' % name)

    def write_conf(self, name, host, **kwargs):
        path = self.workdir / ('%s.conf' % name)
        path.write_text(self.conf_text(host, name=name, **kwargs))
        return path

    # -- processes ---------------------------------------------------------

    def launch(self, binary, host, *, audited=False, **conf_kwargs):
        """Write ``host``'s configuration and start ``binary`` with it."""
        if binary == CONDUCTOR:
            conf_kwargs.setdefault('database', True)
        conf = self.write_conf(host, host, **conf_kwargs)
        proc = ServiceProcess(
            binary, host, conf, self.log_path(host),
            self.workdir / ('%s.out' % host),
            audit_log=(self.workdir / ('%s.audit' % host)) if audited
            else None)
        self.processes.append(proc)
        return proc.start()

    def restart(self, proc):
        """Start ``proc``'s binary again with the same configuration."""
        new = ServiceProcess(proc.binary, proc.host, proc.conf_path,
                             proc.log_path, proc.out_path, proc.audit_log)
        self.processes.append(new)
        if self.core.get(proc.host) is proc:
            self.core[proc.host] = new
        return new.start()

    def stop_all(self):
        """SIGTERM everything, the conductors last (the others report to
        them while stopping); return each host's exit code."""
        codes = {}
        for binaries in ((API, COMPUTE, SCHEDULER), (CONDUCTOR,)):
            procs = [p for p in self.processes
                     if p.binary in binaries and p.popen is not None]
            for proc in procs:
                proc.signal(signal.SIGTERM)
            for proc in procs:
                code = proc.stop(timeout=15, signalled=True)
                codes.setdefault(proc.host, []).append(code)
        return codes

    def diagnostics(self, procs=None, lines=40):
        procs = procs if procs is not None else self.processes
        return '\n'.join(p.diagnostics(lines) for p in procs)

    # -- nova-lite-manage --------------------------------------------------

    def manage(self, *args, check=True, timeout=60):
        script = binary_path(MANAGE)
        cmd = [sys.executable, str(script), '--config-file',
               str(self.manage_conf)] + list(args)
        result = subprocess.run(cmd, capture_output=True, text=True,
                                env=child_env(), timeout=timeout,
                                cwd=str(self.workdir))
        if check and result.returncode != 0:
            raise AssertionError(
                '%s exited with %d\nstdout:\n%s\nstderr:\n%s' % (
                    ' '.join(cmd[1:]), result.returncode, result.stdout,
                    result.stderr[-4000:]))
        return result

    def service_list(self):
        header, rows = parse_table(self.manage('service', 'list').stdout)
        assert header == SERVICE_LIST_COLUMNS, header
        return rows

    def service_row(self, host, binary, rows=None):
        rows = self.service_list() if rows is None else rows
        found = [r for r in rows
                 if r['Host'] == host and r['Binary'] == binary]
        assert len(found) <= 1, found
        return found[0] if found else None

    def host_list(self):
        header, rows = parse_table(self.manage('host', 'list').stdout)
        assert header == HOST_LIST_COLUMNS, header
        return rows

    # -- the database, read directly ---------------------------------------

    def db_services(self):
        """Live (not soft-deleted) rows of the services table, as dicts."""
        import sqlalchemy as sa
        with self._engine.connect() as conn:
            rows = conn.execute(sa.text('SELECT * FROM services'))
            return [dict(r) for r in rows.mappings() if not r.get('deleted')]

    def db_service(self, host, binary):
        found = [r for r in self.db_services()
                 if r['host'] == host and r['binary'] == binary]
        assert len(found) <= 1, 'duplicate service rows: %r' % found
        return found[0] if found else None

    def db_scalar(self, sql, **params):
        import sqlalchemy as sa
        with self._engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()

    def report_count(self, proc):
        row = self.db_service(proc.host, proc.binary)
        return row['report_count'] if row else None

    def wait_registered(self, proc, timeout=DEADLINE, since=None):
        """Wait for ``proc``'s service row; return seconds since ``since``.

        A row that has just been created (or heartbeated) is up by
        definition: its ``updated_at``/``created_at`` is recent.
        """
        def registered():
            if not proc.alive():
                raise AssertionError('%r exited with %s' % (
                    proc, proc.returncode))
            row = self.db_service(proc.host, proc.binary)
            if row is None:
                return None
            age = (utcnow() - liveness_stamp(row)).total_seconds()
            return age <= self.service_down_time and row
        wait_for(registered, '%s on %s to register' % (proc.binary,
                                                       proc.host),
                 timeout=timeout, diagnostics=lambda: self.diagnostics([proc]))
        return time.monotonic() - (since or proc.started_at)

    def report_counts(self, procs):
        rows = {(r['host'], r['binary']): r for r in self.db_services()}
        return {p.host: (rows[(p.host, p.binary)]['report_count']
                         if (p.host, p.binary) in rows else 0)
                for p in procs}

    def wait_heartbeats(self, procs, count, timeout=DEADLINE, since=None):
        """Wait until each of ``procs`` heartbeated ``count`` more times.

        ``since``: the report counts to count from (default: now).
        ``procs`` may be one process. Returns the counts reached.
        """
        procs = [procs] if isinstance(procs, ServiceProcess) else list(procs)
        start = since if since is not None else self.report_counts(procs)

        def grown():
            for proc in procs:
                if not proc.alive():
                    _exited(proc)
            now = self.report_counts(procs)
            late = {h: (start[h], c) for h, c in now.items()
                    if c < start[h] + count}
            grown.late = late
            return not late and now
        return wait_for(
            grown, '%d more heartbeats of %s' % (
                count, ', '.join(p.host for p in procs)),
            timeout=timeout, diagnostics=lambda: 'late (from, now): %r\n%s'
            % (getattr(grown, 'late', None), self.diagnostics(procs)))

    def wait_state(self, host, binary, state, timeout=DEADLINE):
        """Poll ``service list`` until (host, binary) shows ``state``.

        Return the monotonic time at which the listing that first showed it
        was *started* (the state was computed no earlier than that).
        """
        seen = {}

        def shows():
            before = time.monotonic()
            row = self.service_row(host, binary)
            seen['row'] = row
            return row is not None and row['State'] == state and before
        return wait_for(shows, '%s on %s to be %s in service list' % (
            binary, host, state), timeout=timeout, interval=0.1,
            diagnostics=lambda: 'last row: %r\n%s' % (
                seen.get('row'), self.diagnostics()))

    # -- RPC from a compute-like process -----------------------------------

    def rpc_probe(self, *args, timeout=90):
        cmd = [sys.executable, str(HERE / 'rpc_probe.py'), '--config-file',
               str(self.probe_conf)] + list(args)
        result = subprocess.run(cmd, capture_output=True, text=True,
                                env=child_env(), timeout=timeout,
                                cwd=str(self.workdir))
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            raise AssertionError(
                'rpc_probe failed (%d)\nstdout:\n%s\nstderr:\n%s\n'
                'probe log:\n%s' % (result.returncode, result.stdout,
                                    result.stderr[-4000:],
                                    tail(self.log_path('rpc-probe'))))
        return json.loads(lines[-1])

    def close(self):
        self._engine.dispose()


def liveness_stamp(row):
    """When a services row last proved its service alive.

    ``last_seen_up`` (stamped by the conductor's clock) where the table has
    it, as in Nova; else ``updated_at``/``created_at``.
    """
    return (row.get('last_seen_up') or row.get('updated_at') or
            row['created_at'])


def _exited(proc):
    raise AssertionError('%r exited with %s' % (proc, proc.returncode))


# --------------------------------------------------------------------------
# A TCP relay to RabbitMQ that a test can switch off
# --------------------------------------------------------------------------

def free_port():
    """A free 127.0.0.1 port below the ephemeral range.

    Below the range, no outgoing connection of the services can take the
    port while the relay is not listening on it.
    """
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(('127.0.0.1', port))
            except OSError:
                continue
            return port
    raise RuntimeError('no free port')


class TcpForwarder:
    """Relay 127.0.0.1:``port`` to ``target``; :meth:`stop` cuts everything.

    Not listening until :meth:`start`: a client connecting before that is
    refused, as by a broker that is down.
    """

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets = set()
        self._threads = []
        self._listener = None
        self._stopping = None
        self.accepted = 0

    @property
    def listening(self):
        return self._listener is not None

    def url_for(self, transport_url):
        """``transport_url`` rewritten to go through this relay."""
        parts = urllib.parse.urlsplit(transport_url)
        auth = parts.netloc.rpartition('@')[0]
        netloc = '%s@127.0.0.1:%d' % (auth, self.port) if auth else \
            '127.0.0.1:%d' % self.port
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))

    def start(self):
        assert self._listener is None
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        self._stopping = threading.Event()
        self._spawn(self._accept_loop, listener, self._stopping)

    def stop(self):
        """Stop listening and cut every relayed connection."""
        if self._listener is None:
            return
        self._stopping.set()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            _shut(sock)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = [t for t in self._threads if t.is_alive()]
        self._listener.close()
        self._listener = None

    def _spawn(self, fn, *args):
        thread = threading.Thread(target=fn, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self, listener, stopping):
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                if stopping.is_set():
                    _shut(client)
                    _shut(upstream)
                    return
                self._sockets.update((client, upstream))
                self.accepted += 1
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    def _pump(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _shut(src)
            _shut(dst)
            with self._lock:
                self._sockets.discard(src)
                self._sockets.discard(dst)


def _shut(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


# --------------------------------------------------------------------------
# A process's sockets, from /proc
# --------------------------------------------------------------------------

_SOCKET_LINK = re.compile(r'^socket:\[(\d+)\]$')


def socket_inodes(pid):
    inodes = set()
    fd_dir = '/proc/%d/fd' % pid
    for fd in os.listdir(fd_dir):
        try:
            match = _SOCKET_LINK.match(os.readlink(os.path.join(fd_dir, fd)))
        except OSError:
            continue  # closed meanwhile
        if match:
            inodes.add(int(match.group(1)))
    return inodes


def tcp_peers(pid):
    """(remote_port, local_port, family) of each TCP socket ``pid`` holds."""
    inodes = socket_inodes(pid)
    peers = []
    for family in ('tcp', 'tcp6'):
        try:
            with open('/proc/%d/net/%s' % (pid, family)) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, remote, inode = fields[1], fields[2], fields[9]
                    if int(inode) in inodes:
                        peers.append((int(remote.rsplit(':', 1)[1], 16),
                                      int(local.rsplit(':', 1)[1], 16),
                                      family))
        except FileNotFoundError:
            pass
    return peers


def unix_socket_paths(pid):
    """Bound paths of the unix sockets ``pid`` holds (clients show none)."""
    inodes = socket_inodes(pid)
    paths = []
    with open('/proc/%d/net/unix' % pid) as f:
        next(f)
        for line in f:
            fields = line.split()
            if int(fields[6]) in inodes and len(fields) > 7:
                paths.append(fields[7])
    return paths
