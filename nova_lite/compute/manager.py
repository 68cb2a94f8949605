"""The compute service's RPC endpoint: one per hypervisor host.

The manager dispatches to the virt driver, the builder
(``compute/build.py``) and the resource tracker; it never opens the
database (every object call goes to the conductor). Work on one instance
is serialized by a lock on its uuid, so a delete never interleaves with
the build of the same instance.
"""

import sys

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import periodic_task

from nova_lite.compute import build
from nova_lite.compute import resource_tracker
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.conductor import rpcapi as conductor_rpcapi
import nova_lite.conf
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import manager
from nova_lite import virt

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

TERMINATE_EVENT = 'compute_terminate_instance'


class ComputeManager(manager.Manager):
    """Manages the instances of one hypervisor host.

    NOTE: ``target.version`` and ``ComputeAPI.VERSION`` move together.
    """

    target = messaging.Target(version='1.0')

    def __init__(self, host=None, service_name='compute'):
        super().__init__(host=host, service_name=service_name)
        self.driver = virt.load_compute_driver(CONF.compute_driver)
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.builder = build.InstanceBuilder(self.host, self.driver,
                                             self.compute_task_api)
        # Per-instance locks, private to this manager.
        self._instance_locks = lockutils.Semaphores()
        # The decorator below is evaluated at import time, possibly before
        # the config files are read: take the configured spacing now.
        self._periodic_spacing = dict(
            self._periodic_spacing,
            update_available_resource=CONF.update_resources_interval)

    def _instance_lock(self, instance_uuid):
        return lockutils.lock(instance_uuid,
                              semaphores=self._instance_locks)

    def init_host(self):
        self.driver.init_host(host=self.host)

    def pre_start_hook(self, service_ref):
        # Report resources before consuming RPC, so the scheduler can see
        # this host as soon as it is up.
        self.rt.service_id = service_ref.id
        self.update_available_resource(nl_context.get_admin_context())

    def cleanup_host(self):
        self.driver.cleanup_host(host=self.host)

    def reset(self):
        self.compute_task_api.reset()

    def build_and_run_instance(self, context, instance, request_spec,
                               selection, alternates, network_info,
                               num_attempts):
        """Spawn ``instance``, whose resources here are already claimed."""
        with self._instance_lock(instance.uuid):
            self.builder.build(context, instance, request_spec, alternates,
                               network_info, num_attempts)

    def terminate_instance(self, context, instance):
        """Remove the guest, then delete the instance (which releases its
        allocations and fixed IPs in the same call). Idempotent."""
        with self._instance_lock(instance.uuid):
            try:
                with compute_utils.EventReporter(
                        context, TERMINATE_EVENT, self.host, instance.uuid):
                    self._terminate(context, instance)
            except Exception as exc:
                LOG.exception('Delete failed', instance_uuid=instance.uuid)
                compute_utils.set_error_with_fault(
                    context, instance, exc, self.host, sys.exc_info()[2],
                    [task_states.DELETING])

    def _terminate(self, context, instance):
        self.driver.destroy(context, instance)
        try:
            released = instance.destroy()
        except exception.InstanceNotFound:
            LOG.info('Guest removed; the instance was already deleted',
                     instance_uuid=instance.uuid)
            return
        LOG.info('Instance deleted (released: %s)', released,
                 instance_uuid=instance.uuid)

    @periodic_task.periodic_task(run_immediately=False)
    def update_available_resource(self, context):
        """Report every node of the driver as a ComputeNode."""
        for nodename in self.driver.get_available_nodes():
            self.rt.update_available_resource(context, nodename)
