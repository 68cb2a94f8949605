"""What the service binaries share at start."""

import sys

from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import config
import nova_lite.conf
from nova_lite.conductor import api as conductor_api
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import base as objects_base
from nova_lite import service

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)


def parse_args_or_exit(argv):
    """Parse config; a bad option is an error message, not a traceback."""
    try:
        config.parse_args(argv)
    except (cfg.Error, exception.ConfigInvalid) as exc:
        sys.stderr.write('%s: %s\n' % (argv[0], exc))
        sys.exit(2)
    objects.register_all()


def serve_through_conductor(binary, argv):
    """Start a service that reaches the data through the conductor only.

    Sets the object indirection API (so no database is ever opened here),
    waits for a conductor to answer, then serves until SIGTERM, which is
    obeyed from the start (see ``service.install_signal_handlers``).
    """
    service.install_signal_handlers()
    parse_args_or_exit(argv)
    use_conductor()
    return service.run(service.Service.create(binary=binary))


def use_conductor(wait=True):
    """Send remotable object calls to the conductor; wait for one to
    answer unless ``wait`` is False (ConductorUnavailable after
    ``conductor_wait_timeout``).

    In a binary's main thread a SIGTERM during the wait ends the process
    cleanly (status 0) instead of waiting on.
    """
    objects_base.NovaLiteObject.indirection_api = (
        conductor_rpcapi.ConductorAPI())
    if wait:
        service.call_during_start_up(
            conductor_api.API().wait_until_ready,
            context.get_admin_context(),
            timeout=CONF.conductor_wait_timeout)
