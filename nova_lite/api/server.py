"""The HTTP server of nova-lite-api: cheroot's threaded WSGI server.

``APIServer`` has the start / reset / stop interface of
``nova_lite.service.Service``, so ``service.run`` gives it the same
signal handling: SIGTERM stops accepting connections and waits up to
``graceful_shutdown_timeout`` for the requests in progress; SIGHUP re-reads
the mutable options and the policy file.
"""

import threading

from cheroot import wsgi
from oslo_log import log as logging

import nova_lite.conf
from nova_lite.api import policy
from nova_lite import version

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

LISTEN_BACKLOG = 128


class APIServer:

    def __init__(self, application, host, port, threads):
        self.binary = 'nova-lite-api'
        self._server = wsgi.Server(
            (host, port), application, numthreads=threads, max=threads,
            server_name='nova-lite-api',
            request_queue_size=LISTEN_BACKLOG)
        self._thread = None

    @classmethod
    def create(cls, application):
        """The server of ``application`` on the configured address."""
        return cls(application, CONF.osapi_compute_listen,
                   CONF.osapi_compute_listen_port,
                   CONF.osapi_compute_workers)

    @property
    def address(self):
        """(host, port) actually bound (the port of a port-0 server)."""
        return self._server.bind_addr

    def start(self):
        self._server.prepare()
        self._thread = threading.Thread(target=self._server.serve,
                                        name='wsgi-server', daemon=True)
        self._thread.start()
        host, port = self.address[:2]
        LOG.info('nova-lite-api %(version)s listening on '
                 'http://%(host)s:%(port)s/ with %(threads)d threads',
                 {'version': version.version_string(), 'host': host,
                  'port': port, 'threads': self._server.requests.min})

    def reset(self):
        """SIGHUP: forget the policy enforcer (it re-reads the file)."""
        policy.reset()

    def stop(self, graceful_timeout=None):
        """Stop accepting; wait for requests in progress (0: for ever)."""
        LOG.info('Stopping nova-lite-api')
        self._server.shutdown_timeout = graceful_timeout or None
        self._server.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
        LOG.info('Stopped nova-lite-api')
