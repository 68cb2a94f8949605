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

from nova_lite.compute import actions
from nova_lite.compute import build
from nova_lite.compute import power_sync
from nova_lite.compute import recovery
from nova_lite.compute import resize
from nova_lite.compute import resource_tracker
from nova_lite.compute import rpcapi as compute_rpcapi
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

    target = messaging.Target(version='1.2')

    def __init__(self, host=None, service_name='compute'):
        super().__init__(host=host, service_name=service_name)
        self.driver = virt.load_compute_driver(CONF.compute_driver)
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.builder = build.InstanceBuilder(self.host, self.driver,
                                             self.compute_task_api)
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.actions = actions.InstanceActions(self.host, self.driver)
        self.resizer = resize.Resizer(self.host, self.driver,
                                      self.compute_rpcapi)
        # Per-instance locks, private to this manager.
        self._instance_locks = lockutils.Semaphores()
        # The decorator below is evaluated at import time, possibly before
        # the config files are read: take the configured spacing now.
        self._periodic_spacing = dict(
            self._periodic_spacing,
            update_available_resource=CONF.update_resources_interval)
        self.power_sync = power_sync.PowerStateSync(
            self.host, self.driver, self._instance_locks)
        self._set_sync_power_state_interval(CONF.sync_power_state_interval)

    def _instance_lock(self, instance_uuid):
        return lockutils.lock(instance_uuid,
                              semaphores=self._instance_locks)

    def _set_sync_power_state_interval(self, interval):
        """Nova's meaning: 0 is the default interval, negative is never."""
        if interval < 0:
            self._periodic_tasks = [
                (name, task) for name, task in self._periodic_tasks
                if name != '_sync_power_states']
        else:
            self._periodic_spacing['_sync_power_states'] = (
                interval or periodic_task.DEFAULT_INTERVAL)

    def init_host(self):
        self.driver.init_host(host=self.host)
        # Before any RPC is consumed: settle what a previous run left
        # mid-task (compute/recovery.py).
        recovery.InstanceRecovery(self.host, self.driver).recover(
            nl_context.get_admin_context())

    def pre_start_hook(self, service_ref):
        # Report resources before consuming RPC, so the scheduler can see
        # this host as soon as it is up.
        self.rt.service_id = service_ref.id
        self.update_available_resource(nl_context.get_admin_context())

    def cleanup_host(self):
        self.driver.cleanup_host(host=self.host)

    def reset(self):
        self.compute_task_api.reset()
        self.compute_rpcapi.reset()

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
        compute_utils.destroy_instance(self.driver, context, instance)

    @periodic_task.periodic_task(run_immediately=False)
    def _sync_power_states(self, context):
        """Reconcile the database's power states with the driver's
        (``sync_power_state_interval``; compute/power_sync.py)."""
        self.power_sync.sync(context)

    @periodic_task.periodic_task(run_immediately=False)
    def update_available_resource(self, context):
        """Report every node of the driver as a ComputeNode."""
        for nodename in self.driver.get_available_nodes():
            self.rt.update_available_resource(context, nodename)

    # --- simple actions (compute/actions.py) --------------------------------

    def reboot_instance(self, context, instance, reboot_type):
        """Reboot the guest ('SOFT' or 'HARD'); task rebooting(_hard)."""
        with self._instance_lock(instance.uuid):
            self.actions.reboot(context, instance, reboot_type)

    def _run_action(self, context, instance, method):
        with self._instance_lock(instance.uuid):
            self.actions.run(context, instance, method)

    def stop_instance(self, context, instance):
        """Power the guest off; task powering-off -> vm_state STOPPED."""
        self._run_action(context, instance, 'stop_instance')

    def start_instance(self, context, instance):
        """Power the guest on; task powering-on -> vm_state ACTIVE."""
        self._run_action(context, instance, 'start_instance')

    def pause_instance(self, context, instance):
        """Pause the guest; task pausing -> vm_state PAUSED."""
        self._run_action(context, instance, 'pause_instance')

    def unpause_instance(self, context, instance):
        """Unpause the guest; task unpausing -> vm_state ACTIVE."""
        self._run_action(context, instance, 'unpause_instance')

    def suspend_instance(self, context, instance):
        """Suspend the guest; task suspending -> vm_state SUSPENDED."""
        self._run_action(context, instance, 'suspend_instance')

    def resume_instance(self, context, instance):
        """Resume the guest; task resuming -> vm_state ACTIVE."""
        self._run_action(context, instance, 'resume_instance')

    @messaging.expected_exceptions(exception.InstanceNotFound)
    def get_console_output(self, context, instance, tail_length):
        """The guest's console log (its last ``tail_length`` lines); read
        only, so no lock."""
        return self.actions.get_console_output(context, instance,
                                               tail_length)

    # --- resize (compute/resize.py) -----------------------------------------

    def prep_resize(self, context, instance, flavor, migration,
                    request_spec):
        """Destination: accept a resize scheduled here."""
        with self._instance_lock(instance.uuid):
            self.resizer.prep_resize(context, instance, flavor, migration)

    def resize_instance(self, context, instance, migration, flavor):
        """Source: power off and hand the guest over."""
        with self._instance_lock(instance.uuid):
            self.resizer.resize_instance(context, instance, migration,
                                         flavor)

    def finish_resize(self, context, instance, migration):
        """Destination: run the guest with the new flavor."""
        with self._instance_lock(instance.uuid):
            self.resizer.finish_resize(context, instance, migration)

    def confirm_resize(self, context, instance, migration):
        """Source: drop the old guest and the source allocation."""
        with self._instance_lock(instance.uuid):
            self.resizer.confirm_resize(context, instance, migration)

    def revert_resize(self, context, instance, migration):
        """Destination: drop the resized guest, then revert on the source."""
        with self._instance_lock(instance.uuid):
            self.resizer.revert_resize(context, instance, migration)

    def finish_revert_resize(self, context, instance, migration):
        """Source: run the guest again with the old flavor."""
        with self._instance_lock(instance.uuid):
            self.resizer.finish_revert_resize(context, instance, migration)
