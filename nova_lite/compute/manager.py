"""The compute service's RPC endpoint: one per hypervisor host.

The manager dispatches to the virt driver and the resource tracker; it
never opens the database (every object call goes to the conductor).
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import periodic_task

import nova_lite.conf
from nova_lite import manager
from nova_lite.compute import resource_tracker
from nova_lite import context as nl_context
from nova_lite import virt

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)


class ComputeManager(manager.Manager):
    """Manages the instances of one hypervisor host.

    NOTE: ``target.version`` and ``ComputeAPI.VERSION`` move together.
    """

    target = messaging.Target(version='1.0')

    def __init__(self, host=None, service_name='compute'):
        super().__init__(host=host, service_name=service_name)
        self.driver = virt.load_compute_driver(CONF.compute_driver)
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        # The decorator below is evaluated at import time, possibly before
        # the config files are read: take the configured spacing now.
        self._periodic_spacing = dict(
            self._periodic_spacing,
            update_available_resource=CONF.update_resources_interval)

    def init_host(self):
        self.driver.init_host(host=self.host)

    def pre_start_hook(self, service_ref):
        # Report resources before consuming RPC, so the scheduler can see
        # this host as soon as it is up.
        self.rt.service_id = service_ref.id
        self.update_available_resource(nl_context.get_admin_context())

    def cleanup_host(self):
        self.driver.cleanup_host(host=self.host)

    @periodic_task.periodic_task(run_immediately=False)
    def update_available_resource(self, context):
        """Report every node of the driver as a ComputeNode."""
        for nodename in self.driver.get_available_nodes():
            self.rt.update_available_resource(context, nodename)
