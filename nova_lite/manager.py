"""Base class of the RPC endpoints of each service (their managers)."""

from oslo_log import log as logging
from oslo_service import periodic_task

import nova_lite.conf

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)


class Manager(periodic_task.PeriodicTasks):
    """A service's RPC endpoint and periodic tasks.

    The :class:`nova_lite.service.Service` that runs a manager calls, in
    order: :meth:`init_host`, :meth:`pre_start_hook` (the service row
    exists), starts the RPC server, :meth:`post_start_hook`; on SIGHUP
    :meth:`reset`; on stop :meth:`cleanup_host`.
    """

    #: The RPC target; subclasses set it to their rpcapi's VERSION.
    target = None

    def __init__(self, host=None, service_name='undefined'):
        super().__init__(CONF)
        self.host = host or CONF.host
        self.service_name = service_name

    @property
    def additional_endpoints(self):
        """More RPC endpoints to serve on the same topic (other namespaces)."""
        return []

    def periodic_tasks(self, context, raise_on_error=False):
        """Run due periodic tasks; return seconds until the next one."""
        return self.run_periodic_tasks(context, raise_on_error=raise_on_error)

    def init_host(self):
        """Prepare the host before the service row or RPC server exist."""

    def pre_start_hook(self, service_ref):
        """The service row exists; the RPC server is not consuming yet."""

    def post_start_hook(self):
        """The RPC server is consuming."""

    def cleanup_host(self):
        """The service is stopping; release what init_host took."""

    def reset(self):
        """SIGHUP: drop cached state derived from config (e.g. RPC caps)."""
