"""Run a manager as a service: RPC server, heartbeat, periodic tasks, signals.

Why not oslo.service's launchers: its threading backend supervises every
service from a second, forked process (cotyledon), which doubles each
service's memory and puts a supervisor between systemd / ``kill`` and the
worker; the eventlet backend is tied to eventlet. nova_lite services are one
process each, so :func:`run` below does the part we need (graceful SIGTERM,
SIGHUP reload) in a few lines, on either concurrency backend. Periodic tasks
still use oslo.service's ``periodic_task``.
"""

import random
import signal
import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import importutils

from nova_lite import baserpc
import nova_lite.conf
from nova_lite import context
from nova_lite import objects
from nova_lite import rpc
from nova_lite import servicegroup
from nova_lite import version

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

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
        if self._thread.is_alive():
            self._thread.join(timeout)


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

    def start(self):
        LOG.info('Starting %(binary)s on %(host)s (version %(version)s, '
                 '%(backend)s)', {'binary': self.binary, 'host': self.host,
                                  'version': version.version_string(),
                                  'backend': CONF.concurrency_backend})
        self.manager.init_host()
        ctxt = context.get_admin_context()
        self.service_ref = self._register(ctxt)
        self.manager.pre_start_hook(self.service_ref)

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
        LOG.info('%(binary)s on %(host)s is serving topic %(topic)s',
                 {'binary': self.binary, 'host': self.host,
                  'topic': self.topic})

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
        return self.manager.periodic_tasks(context.get_admin_context())

    def reset(self):
        """SIGHUP: re-read what may change without a restart."""
        self.manager.reset()

    def stop(self, graceful_timeout=None):
        """Stop consuming, wait for in-flight requests, stop the loops."""
        LOG.info('Stopping %s on %s', self.binary, self.host)
        if self.rpcserver is not None:
            self.rpcserver.stop()
            waiter = threading.Thread(target=self.rpcserver.wait,
                                      daemon=True)
            waiter.start()
            waiter.join(graceful_timeout or None)
            if waiter.is_alive():
                LOG.warning('%s still had RPC requests running after %ss; '
                            'exiting anyway', self.binary, graceful_timeout)
        for loop in self._loops:
            loop.stop()
        for loop in self._loops:
            loop.wait(timeout=5)
        self.manager.cleanup_host()
        LOG.info('Stopped %s on %s', self.binary, self.host)


class _SignalState:
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


def run(*services):
    """Start ``services`` in this process and serve until SIGTERM/SIGINT.

    SIGHUP re-reads the mutable configuration options (log level, upgrade
    levels …) and resets each service. Returns the process exit code.
    """
    state = _SignalState()
    signal.signal(signal.SIGTERM, state.on_stop)
    signal.signal(signal.SIGINT, state.on_stop)
    signal.signal(signal.SIGHUP, state.on_reload)
    for service in services:
        service.start()
    while True:
        # A timeout keeps the main thread responsive to signals everywhere.
        state.wakeup.wait(1.0)
        state.wakeup.clear()
        if state.stop_signal:
            LOG.info('Caught %s, stopping', state.stop_signal)
            break
        if state.reload:
            state.reload = False
            LOG.info('Caught SIGHUP, reloading configuration')
            CONF.mutate_config_files()
            for service in services:
                service.reset()
            LOG.info('Reloaded configuration')
    for service in reversed(services):
        service.stop(graceful_timeout=CONF.graceful_shutdown_timeout)
    rpc.cleanup()
    return 0
