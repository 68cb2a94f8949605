"""nova-lite-all: every service in one process, for a laptop or a demo.

Runs the conductor, scheduler, compute and the REST API side by side on the
embedded default: SQLite (``[database] connection``, under ``state_path``)
and the in-process ``kombu+memory:////`` transport, unless the configuration
names others. Unless configured otherwise the API listens on 127.0.0.1 only
and authenticates with the ``noauth2`` token shim (it says so at start).
Not for production: one process means no isolation and no scale.
"""

import sys

from nova_lite.api import app
from nova_lite.api import server
import nova_lite.conf
from nova_lite.cmd import common
from nova_lite import exception
from nova_lite import service

CONF = nova_lite.conf.CONF

_IN_PROCESS_TRANSPORT = 'kombu+memory:////'
# Started in this order (and stopped in the reverse one): the conductor
# opens the database before anything asks for it, and the API answers only
# once there is a compute to build on.
_BINARIES = ('nova-lite-conductor', 'nova-lite-scheduler',
             'nova-lite-compute')


def set_defaults(conf=CONF):
    """The embedded default: in-process bus, a local, token-shim API."""
    conf.set_default('transport_url', _IN_PROCESS_TRANSPORT)
    conf.set_default('osapi_compute_listen', '127.0.0.1')
    conf.set_default('auth_strategy', 'noauth2', group='api')


def main():
    # SIGTERM is obeyed from here on, start-up included.
    service.install_signal_handlers()
    set_defaults()
    common.parse_args_or_exit(sys.argv)
    try:
        application = app.setup_app()
    except exception.ConfigInvalid as exc:
        sys.stderr.write('%s: %s\n' % (sys.argv[0], exc))
        return 2
    # No indirection API: the conductor lives in this process, so object
    # methods run here, and its manager opens the database guard when it
    # starts (it is started first).
    services = [service.Service.create(binary=b) for b in _BINARIES]
    return service.run(*services, server.APIServer.create(application))
