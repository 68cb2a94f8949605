"""Run a manager as a service: RPC server, heartbeat, periodic tasks, signals.

Why not oslo.service's launchers: its threading backend supervises every
service from a second, forked process (cotyledon), which doubles each
service's memory and puts a supervisor between systemd / ``kill`` and the
worker; the eventlet backend is tied to eventlet. nova_lite services are one
process each, so :func:`run` below does the part we need (graceful SIGTERM,
SIGHUP reload) on either concurrency backend. Periodic tasks still use
oslo.service's ``periodic_task``.

SIGTERM is obeyed at any time: during start-up (waiting for a conductor,
connecting to the broker) the process exits at once, what already serves
being stopped first; once serving, the broker stops delivering, the requests
taken are answered within ``graceful_shutdown_timeout``, and the heartbeat
and periodic loops get a short deadline, so a call stuck on a vanished
conductor does not hold the exit for ``rpc_response_timeout``.
"""

import contextlib
import logging as std_logging
import os
import random
import signal
import sys
import threading
import time

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import importutils

from nova_lite import baserpc
import nova_lite.conf
from nova_lite import context
from nova_lite import objects
from nova_lite import rpc
from nova_lite import servicegroup
from nova_lite import systemd
from nova_lite import version

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

# Seconds the loops (heartbeat, periodic tasks) get to finish their current
# round once the RPC requests are done; a round stuck in a call to a vanished
# conductor is abandoned with its daemon thread.
LOOP_STOP_TIMEOUT = 2
# Seconds a stop waits for a service that is in the middle of starting to
# serve (see _Gate); past that it is abandoned as it is.
START_SERVING_TIMEOUT = 3

SERVICE_MANAGERS = {
    'nova-lite-compute': 'nova_lite.compute.manager.ComputeManager',
    'nova-lite-conductor': 'nova_lite.conductor.manager.ConductorManager',
    'nova-lite-scheduler': 'nova_lite.scheduler.manager.SchedulerManager',
}


class _Loop:
    """Call ``fn`` every ``interval`` seconds (or as ``fn`` returns) in a
    thread until stopped. Works on native and green threads alike."""

    def __init__(self, name, fn, interval, initial_delay=0):
        self._fn = fn
        self._interval = interval
        self._initial_delay = initial_delay
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name,
                                        daemon=True)

    @property
    def name(self):
        return self._thread.name

    def start(self):
        self._thread.start()

    def _run(self):
        if self._stop.wait(self._initial_delay):
            return
        while not self._stop.is_set():
            try:
                wait = self._fn()
            except Exception:
                LOG.exception('%s failed', self._thread.name)
                wait = None
            self._stop.wait(self._interval if wait is None
                            else min(wait, self._interval))

    def stop(self):
        self._stop.set()

    def wait(self, timeout=None):
        """Join the thread; return False if it is still running."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()


class Service:
    """A manager behind its RPC topic, with heartbeat and periodic tasks."""

    def __init__(self, host, binary, topic, manager,
                 report_interval=None, periodic_enable=None,
                 periodic_fuzzy_delay=None, periodic_interval_max=60):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.report_interval = report_interval
        self.periodic_enable = periodic_enable
        self.periodic_fuzzy_delay = periodic_fuzzy_delay
        self.periodic_interval_max = periodic_interval_max
        self.service_ref = None
        self.rpcserver = None
        self._loops = []

    @classmethod
    def create(cls, binary, host=None, topic=None):
        """Build the service of ``binary`` with its manager and config."""
        host = host or CONF.host
        topic = topic or binary.rpartition('-')[2]
        manager_cls = importutils.import_class(SERVICE_MANAGERS[binary])
        manager = manager_cls(host=host, service_name=topic)
        return cls(host, binary, topic, manager,
                   report_interval=CONF.report_interval,
                   periodic_enable=CONF.periodic_enable,
                   periodic_fuzzy_delay=CONF.periodic_fuzzy_delay)

    def __repr__(self):
        return '<Service %s on %s>' % (self.binary, self.host)

    def start(self, gate=None):
        """Register, then serve the topic and start the loops.

        ``gate`` (a :class:`_Gate`, given by :func:`run`) is passed just
        before the RPC server starts: everything before it may be abandoned
        by a stop that comes during start-up, nothing after it.
        """
        LOG.info('Starting %(binary)s on %(host)s (version %(version)s, '
                 '%(backend)s)', {'binary': self.binary, 'host': self.host,
                                  'version': version.version_string(),
                                  'backend': CONF.concurrency_backend})
        self.manager.init_host()
        ctxt = context.get_admin_context()
        self.service_ref = self._register(ctxt)
        self.manager.pre_start_hook(self.service_ref)
        with (gate.passing(self) if gate is not None
              else contextlib.nullcontext()):
            self._serve()
        LOG.info('%(binary)s on %(host)s is serving topic %(topic)s',
                 {'binary': self.binary, 'host': self.host,
                  'topic': self.topic})

    def _serve(self):
        target = messaging.Target(topic=self.topic, server=self.host)
        endpoints = ([self.manager,
                      baserpc.BaseRPC(self.manager.service_name, self.host)] +
                     self.manager.additional_endpoints)
        self.rpcserver = rpc.get_server(target, endpoints)
        self.rpcserver.start()
        self.manager.post_start_hook()

        heartbeat = servicegroup.Heartbeat(self.service_ref)
        self._loops.append(_Loop('heartbeat', heartbeat.report,
                                 self.report_interval))
        if self.periodic_enable:
            delay = (random.randint(0, self.periodic_fuzzy_delay)
                     if self.periodic_fuzzy_delay else 0)
            self._loops.append(_Loop('periodic-tasks', self._run_periodic,
                                     self.periodic_interval_max,
                                     initial_delay=delay))
        for loop in self._loops:
            loop.start()

    def _register(self, ctxt):
        """Find this service's row or create it; record our version."""
        ref = objects.Service.get_by_host_and_binary(ctxt, self.host,
                                                     self.binary)
        if ref is None:
            ref = objects.Service(
                context=ctxt, host=self.host, binary=self.binary,
                topic=self.topic, report_count=0,
                version=objects.service.SERVICE_VERSION,
                availability_zone=self._availability_zone())
            ref.create()
            LOG.info('Registered %s on %s', self.binary, self.host)
        elif ref.version != objects.service.SERVICE_VERSION:
            ref.version = objects.service.SERVICE_VERSION
            ref.save()
        return ref

    def _availability_zone(self):
        if self.binary == 'nova-lite-compute':
            return CONF.default_availability_zone
        return CONF.internal_service_availability_zone

    def _run_periodic(self):
        idle = self.manager.periodic_tasks(context.get_admin_context())
        LOG.debug('Ran the periodic tasks of %(binary)s; next round in '
                  '%(idle)ss', {'binary': self.binary, 'idle': idle})
        return idle

    def reset(self):
        """SIGHUP: re-read what may change without a restart."""
        self.manager.reset()

    def stop(self, graceful_timeout=None):
        """Stop consuming, finish the requests taken, stop the loops.

        The loops start no new round from here on. The broker stops
        delivering first, so a request it still holds goes to another
        server of the topic; the requests already taken are answered.
        Returns False if some were still running after ``graceful_timeout``
        seconds (None or 0: no limit): they are abandoned.
        """
        LOG.info('Stopping %s on %s', self.binary, self.host)
        for loop in self._loops:
            loop.stop()
        drained = True
        if self.rpcserver is not None:
            drained = rpc.stop_server(self.rpcserver, graceful_timeout)
            if not drained:
                LOG.warning('%s still had RPC requests running after %ss; '
                            'exiting anyway', self.binary, graceful_timeout)
        # A round in flight (say, a heartbeat to a conductor that is gone)
        # would hold us until rpc_response_timeout: give the loops a short
        # common deadline, and leave the rest to their daemon threads.
        deadline = time.monotonic() + LOOP_STOP_TIMEOUT
        for loop in self._loops:
            if not loop.wait(timeout=max(0, deadline - time.monotonic())):
                LOG.info('Not waiting for the %s round in progress',
                         loop.name)
        self.manager.cleanup_host()
        LOG.info('Stopped %s on %s', self.binary, self.host)
        return drained


class _SignalState:
    """What the signal handlers saw, for the main thread to act on."""

    def __init__(self):
        self.wakeup = threading.Event()
        self.stop_signal = None
        self.reload = False

    def on_stop(self, signo, frame):
        self.stop_signal = signal.Signals(signo).name
        self.wakeup.set()

    def on_reload(self, signo, frame):
        self.reload = True
        self.wakeup.set()


_signals = None


def install_signal_handlers():
    """From now on SIGTERM/SIGINT ask for a stop and SIGHUP for a reload.

    The binaries call this before their first start-up step that may block
    (waiting for a conductor, connecting to the broker): a SIGTERM during
    start-up then ends the process cleanly instead of killing it. The
    handlers only take note; :func:`call_during_start_up` and :func:`run`
    act on it. Idempotent; main thread only. Returns the shared state.
    """
    global _signals
    if _signals is None:
        state = _SignalState()
        signal.signal(signal.SIGTERM, state.on_stop)
        signal.signal(signal.SIGINT, state.on_stop)
        signal.signal(signal.SIGHUP, state.on_reload)
        _signals = state
    return _signals


def call_during_start_up(fn, *args, **kwargs):
    """Call ``fn(*args, **kwargs)`` so that a SIGTERM can cut it short.

    ``fn`` is start-up work that may block for long and may be abandoned
    (nothing serves yet), such as waiting for a conductor. It runs in a
    daemon thread while the main thread watches the signals; its result is
    returned, its exception raised here. A SIGTERM or SIGINT before it
    returns is logged and ends the process at once with status 0, leaving
    the thread where it was blocked (see :func:`_exit_now`). Outside the
    main thread (a WSGI server's worker, say) ``fn`` is simply called.
    """
    try:
        state = install_signal_handlers()
    except ValueError:
        # Not the main thread: the signals are not ours to watch. (Asking
        # signal.signal() is the test that holds under eventlet too, where
        # threading.current_thread() is not main_thread() in the main
        # greenlet.)
        return fn(*args, **kwargs)
    outcome = {}

    def call():
        try:
            outcome['result'] = fn(*args, **kwargs)
        except BaseException as exc:  # raised again below
            outcome['error'] = exc
        finally:
            outcome['done'] = True
            state.wakeup.set()

    threading.Thread(target=call, name='start-up', daemon=True).start()
    while not state.stop_signal and not outcome.get('done'):
        state.wakeup.wait(1.0)
        state.wakeup.clear()
    if state.stop_signal:
        LOG.info('Caught %s during start-up, exiting', state.stop_signal)
        _exit_now(0)
    if 'error' in outcome:
        raise outcome['error']
    return outcome.get('result')


class _StartUpAborted(Exception):
    """A stop came before the service began to serve; it never will."""


class _Gate:
    """The point where a starting service begins to serve RPC.

    Start-up work before the gate (registering, waiting for a conductor or
    for the broker) may be abandoned when a stop comes: nothing has been
    taken from the broker yet. A service that passed it consumes requests
    and must be stopped properly. Services pass one at a time under the
    lock, so whoever closes the gate knows exactly which ones passed.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._closed = False
        self._passed = []

    @contextlib.contextmanager
    def passing(self, service):
        with self._lock:
            if self._closed:
                raise _StartUpAborted()
            self._passed.append(service)
            yield

    def close(self, timeout):
        """Let no service pass any more; return those that passed.

        A service still passing after ``timeout`` seconds (its RPC server
        blocked connecting to the broker, normally) is left out: it is
        abandoned as it is.
        """
        locked = self._lock.acquire(timeout=timeout)
        self._closed = True
        if locked:
            self._lock.release()
            return list(self._passed)
        LOG.warning('%r is still starting to serve after %ss; abandoning it',
                    self._passed[-1], timeout)
        return self._passed[:-1]


def _start_all(services, gate, state, outcome):
    """Start ``services`` in order (in the start-up thread of :func:`run`)."""
    try:
        for service in services:
            if isinstance(service, Service):
                service.start(gate=gate)
            else:
                # Other servers (the API's) start at once: all of their
                # start is passing the gate.
                with gate.passing(service):
                    service.start()
    except _StartUpAborted:
        pass
    except BaseException as exc:  # raised again by run()
        outcome['error'] = exc
    finally:
        outcome['done'] = True
        state.wakeup.set()


def _reload(services):
    LOG.info('Caught SIGHUP, reloading configuration')
    CONF.mutate_config_files()
    for service in services:
        service.reset()
    LOG.info('Reloaded configuration')


def _status(services):
    """systemd's STATUS line once ``services`` serve."""
    return 'Serving: %s' % ', '.join(
        getattr(service, 'binary', type(service).__name__)
        for service in services)


def _exit_now(code):
    """Leave at once: flush the logs, skip the interpreter's shutdown.

    Used when a stop leaves work running in other threads: a request past
    the graceful timeout (the interpreter's exit would wait for it, as
    futurist joins its workers at exit), or start-up work blocked on the
    conductor or the broker (a daemon thread writing a log line while the
    interpreter finalizes can abort it).
    """
    std_logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(*services):
    """Start ``services`` in this process and serve until SIGTERM/SIGINT.

    The services start in a thread of their own while the main thread
    watches the signals, so a SIGTERM is obeyed at any time: during
    start-up, what already serves is stopped properly and the rest is
    abandoned. SIGHUP re-reads the mutable configuration options (log
    level, upgrade levels …) and resets each service, once they all
    started. Under systemd (``Type=notify``) it reports READY=1 once every
    service serves, RELOADING=1 around a reload and STOPPING=1 at the stop
    (``nova_lite.systemd``). Returns the process exit code; raises what a
    start raised.
    """
    state = install_signal_handlers()
    if state.stop_signal:
        LOG.info('Caught %s during start-up, exiting', state.stop_signal)
        return 0
    gate = _Gate()
    outcome = {}
    threading.Thread(target=_start_all, name='start-up', daemon=True,
                     args=(services, gate, state, outcome)).start()
    told_ready = False
    while not state.stop_signal and 'error' not in outcome:
        # A timeout keeps the main thread responsive to signals everywhere.
        state.wakeup.wait(1.0)
        state.wakeup.clear()
        if (outcome.get('done') and 'error' not in outcome
                and not state.stop_signal and not told_ready):
            # Every service serves: registered, consuming, listening.
            told_ready = True
            systemd.ready(_status(services))
        if state.reload and outcome.get('done'):
            state.reload = False
            systemd.reloading()
            _reload(services)
            systemd.ready(_status(services))
    starting = not outcome.get('done')
    if state.stop_signal:
        LOG.info('Caught %s%s, stopping', state.stop_signal,
                 ' during start-up' if starting else '')
        systemd.stopping()
    clean = True
    for service in reversed(gate.close(timeout=START_SERVING_TIMEOUT)):
        try:
            drained = service.stop(
                graceful_timeout=CONF.graceful_shutdown_timeout)
        except Exception:
            LOG.exception('Failed to stop %r', service)
            drained = False
        clean = clean and drained is not False
    if 'error' in outcome:
        raise outcome['error']
    if not clean or not outcome.get('done'):
        # Requests or start-up work are still running in other threads;
        # do not let the interpreter's exit wait for them.
        _exit_now(0)
    rpc.cleanup()
    return 0
