"""The compute side of a resize, on the source and destination hosts.

The conductor chose the destination, recorded the Migration, gave the
source allocation to the migration and claimed the new flavor for the
instance on the destination. From there the steps go back and forth
between the two hosts (each a cast; the same host plays both parts in a
resize to the same host), as in Nova:

==========================  =======  ======================================
step                        where    instance task_state / migration status
==========================  =======  ======================================
``prep_resize``             dest     resize_prep / pre-migrating
``resize_instance``         source   resize_migrating / migrating, then
                                     resize_migrated / post-migrating, and
                                     host and node become the destination's
``finish_resize``           dest     resize_finish, the new flavor; then
                                     vm_state resized / finished
``confirm_resize``          source   the source guest and allocation go;
                                     active (or stopped) / confirmed
``revert_resize``           dest     resize_reverting / reverting: the new
                                     guest goes
``finish_revert_resize``    source   the old flavor, host and node; the
                                     source allocation back to the
                                     instance, the destination's dropped;
                                     active (or stopped) / reverted
==========================  =======  ======================================

Every state change is a compare-and-swap save, so a concurrent delete
wins. Allocation changes ride on the migration's status change (one
transaction each, see ``Migration.save``): confirm releases what the
migration holds, revert and any failure before the guest left its source
give it back to the instance; either happens at most once.

A failure before the guest moved rolls the resize back (the instance
keeps running where it was, task cleared); a later one leaves the
instance in ERROR with a fault and the migration in ``error`` (its
allocations are released with the instance when it is deleted).
"""

import sys

from oslo_log import log as logging

from nova_lite.compute import build
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

PREP_EVENT = 'compute_prep_resize'
RESIZE_EVENT = 'compute_resize_instance'
FINISH_EVENT = 'compute_finish_resize'
CONFIRM_EVENT = 'compute_confirm_resize'
REVERT_EVENT = 'compute_revert_resize'
FINISH_REVERT_EVENT = 'compute_finish_revert_resize'

# What a compare-and-swap save raises when another change came first.
_LOST_RACE = (exception.InstanceNotFound, exception.UnexpectedTaskStateError,
              exception.UnexpectedVMStateError)


def network_info(context, instance):
    """What the driver is told of the instance's networks (one call)."""
    fixed_ips = objects.FixedIPList.get_by_instance_uuids(context,
                                                          [instance.uuid])
    return [fixed_ip.to_network_info() for fixed_ip in fixed_ips]


def set_flavor(instance, flavor):
    """The instance takes ``flavor`` and its sizes."""
    instance.flavor = flavor
    instance.memory_mb = flavor.memory_mb
    instance.vcpus = flavor.vcpus
    instance.root_gb = flavor.root_gb
    instance.ephemeral_gb = flavor.ephemeral_gb


def _settled_vm_state(powered_on):
    return vm_states.ACTIVE if powered_on else vm_states.STOPPED


def _power(powered_on):
    return power_state.RUNNING if powered_on else power_state.SHUTDOWN


class Resizer:
    """Runs the resize steps of a compute manager (host, driver, RPC)."""

    def __init__(self, host, driver, compute_rpcapi):
        self.host = host
        self.driver = driver
        self.compute_rpcapi = compute_rpcapi

    def _run(self, context, event, instance, migration, step, on_failure):
        """``step()`` inside the event ``event``; ``on_failure(exc, tb)``
        when it raises (a lost race ends the step quietly instead)."""
        try:
            with compute_utils.EventReporter(context, event, self.host,
                                             instance.uuid):
                step()
        except _LOST_RACE as exc:
            LOG.info('Resize step %(event)s stopped: %(err)s',
                     {'event': event, 'err': exc.format_message()},
                     instance_uuid=instance.uuid)
            self._migration_error(migration, None)
            if isinstance(exc, exception.InstanceNotFound):
                # Deleted mid-resize, maybe before the destination's claim
                # was written: nothing may stay allocated to it.
                self._release_all(context, instance, migration)
        except Exception as exc:
            LOG.exception('Resize step %s failed', event,
                          instance_uuid=instance.uuid)
            on_failure(exc, sys.exc_info()[2])

    # --- failures --------------------------------------------------------------

    def _migration_error(self, migration, allocations):
        migration.status = migration_obj.ERROR
        try:
            migration.save(allocations=allocations)
        except Exception:
            LOG.exception('Could not set migration %s to error',
                          migration.uuid, instance_uuid=migration.instance_uuid)

    @staticmethod
    def _release_all(context, instance, migration):
        compute_utils.release_allocations(context, instance.uuid,
                                          'deleted during its resize')
        compute_utils.release_allocations(context, migration.uuid,
                                          'its instance was deleted')

    def _roll_back(self, context, instance, migration, exc, exc_tb,
                   expected_task_state):
        """Nothing moved yet: the source keeps the instance, running as it
        was; the destination's claim is dropped, the source's given back."""
        self._migration_error(migration, 'revert')
        compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                  self.host, exc_tb)
        instance.task_state = None
        try:
            instance.save(expected_task_state=expected_task_state)
        except _LOST_RACE as lost:
            LOG.info('Task state not cleared: %s', lost.format_message(),
                     instance_uuid=instance.uuid)

    def _fail(self, context, instance, migration, exc, exc_tb,
              expected_task_state):
        self._migration_error(migration, None)
        compute_utils.set_error_with_fault(context, instance, exc, self.host,
                                           exc_tb, expected_task_state)

    # --- prep_resize (destination) ----------------------------------------------

    def prep_resize(self, context, instance, flavor, migration):
        """Accept the resize here, then hand it to the source host."""
        def step():
            LOG.info('Preparing the resize from %(src)s to flavor '
                     '%(flavor)s', {'src': migration.source_compute,
                                    'flavor': flavor.flavorid},
                     instance_uuid=instance.uuid)
            self.compute_rpcapi.resize_instance(
                context, instance=instance, migration=migration,
                flavor=flavor, host=migration.source_compute)

        def failed(exc, exc_tb):
            self._roll_back(context, instance, migration, exc, exc_tb,
                            [task_states.RESIZE_PREP])
        self._run(context, PREP_EVENT, instance, migration, step, failed)

    # --- resize_instance (source) -------------------------------------------------

    def resize_instance(self, context, instance, migration, flavor):
        """Power off the guest, hand it over; the instance moves to the
        destination host (still with its old flavor)."""
        moved = []

        def step():
            migration.status = migration_obj.MIGRATING
            migration.save(expected_status=migration_obj.PRE_MIGRATING)
            instance.task_state = task_states.RESIZE_MIGRATING
            instance.save(expected_task_state=[task_states.RESIZE_PREP])
            self.driver.migrate_disk_and_power_off(
                context, instance, migration.dest_compute, flavor,
                network_info(context, instance))
            migration.status = migration_obj.POST_MIGRATING
            migration.save()
            instance.host = migration.dest_compute
            instance.node = migration.dest_node
            instance.power_state = power_state.SHUTDOWN
            instance.task_state = task_states.RESIZE_MIGRATED
            instance.save(expected_task_state=[task_states.RESIZE_MIGRATING])
            moved.append(True)
            self.compute_rpcapi.finish_resize(
                context, instance=instance, migration=migration,
                host=migration.dest_compute)

        def failed(exc, exc_tb):
            if moved:
                self._fail(context, instance, migration, exc, exc_tb,
                           [task_states.RESIZE_MIGRATED])
                return
            # Still here: bring the guest back as it was, give the
            # allocation back, and leave the instance in ERROR to be
            # looked at (as Nova does when the disk move fails).
            self._power_back_on(context, instance)
            self._migration_error(migration, 'revert')
            compute_utils.set_error_with_fault(
                context, instance, exc, self.host, exc_tb,
                [task_states.RESIZE_PREP, task_states.RESIZE_MIGRATING])
        self._run(context, RESIZE_EVENT, instance, migration, step, failed)

    def _power_back_on(self, context, instance):
        try:
            self.driver.finish_revert_migration(
                context, instance, network_info(context, instance),
                power_on=instance.vm_state != vm_states.STOPPED)
        except Exception:
            LOG.exception('Could not bring the guest back after a failed '
                          'resize', instance_uuid=instance.uuid)

    # --- finish_resize (destination) ---------------------------------------------

    def finish_resize(self, context, instance, migration):
        """Bring the guest up with the new flavor: VERIFY_RESIZE."""
        def step():
            powered_on = instance.vm_state != vm_states.STOPPED
            old_flavor, new_flavor = migration.old_flavor, migration.new_flavor
            set_flavor(instance, new_flavor)
            instance.task_state = task_states.RESIZE_FINISH
            instance.save(expected_task_state=[task_states.RESIZE_MIGRATED])
            self.driver.finish_migration(
                context, migration, instance,
                build.image_meta(instance, None),
                network_info(context, instance),
                resize_instance=_disk_changed(old_flavor, new_flavor),
                power_on=powered_on)
            migration.status = migration_obj.FINISHED
            migration.save(expected_status=migration_obj.POST_MIGRATING)
            instance.vm_state = vm_states.RESIZED
            instance.task_state = None
            instance.power_state = _power(powered_on)
            instance.save(expected_task_state=[task_states.RESIZE_FINISH])
            LOG.info('Resized to flavor %(flavor)s; waiting for the resize '
                     'to be confirmed or reverted',
                     {'flavor': new_flavor.flavorid},
                     instance_uuid=instance.uuid)

        def failed(exc, exc_tb):
            self._fail(context, instance, migration, exc, exc_tb,
                       [task_states.RESIZE_MIGRATED,
                        task_states.RESIZE_FINISH])
        self._run(context, FINISH_EVENT, instance, migration, step, failed)

    # --- confirm_resize (source) ---------------------------------------------------

    def confirm_resize(self, context, instance, migration):
        """Remove the source guest and free the source allocation."""
        def step():
            self.driver.confirm_migration(context, migration, instance,
                                          network_info(context, instance))
            migration.status = migration_obj.CONFIRMED
            released = migration.save(
                expected_status=migration_obj.CONFIRMING,
                allocations='release')
            LOG.info('Resize confirmed; released %(n)d allocations of '
                     '%(node)s', {'n': released,
                                  'node': migration.source_node},
                     instance_uuid=instance.uuid)
            _record_flavor_in_spec(context, instance, migration.new_flavor)
            powered_on = instance.power_state != power_state.SHUTDOWN
            instance.vm_state = _settled_vm_state(powered_on)
            instance.task_state = None
            try:
                instance.save(expected_task_state=[None],
                              expected_vm_state=[vm_states.RESIZED])
            except _LOST_RACE as exc:
                # Deleted (or being deleted) meanwhile: nothing to settle.
                LOG.info('Not settling the confirmed instance: %s',
                         exc.format_message(), instance_uuid=instance.uuid)

        def failed(exc, exc_tb):
            self._fail(context, instance, migration, exc, exc_tb, [None])
        self._run(context, CONFIRM_EVENT, instance, migration, step, failed)

    # --- revert_resize (destination) -------------------------------------------

    def revert_resize(self, context, instance, migration):
        """Remove the resized guest here; the source finishes the revert."""
        def step():
            self.driver.destroy(context, instance)
            LOG.info('Resized guest removed; reverting on %s',
                     migration.source_compute, instance_uuid=instance.uuid)
            self.compute_rpcapi.finish_revert_resize(
                context, instance=instance, migration=migration,
                host=migration.source_compute)

        def failed(exc, exc_tb):
            self._fail(context, instance, migration, exc, exc_tb,
                       [task_states.RESIZE_REVERTING])
        self._run(context, REVERT_EVENT, instance, migration, step, failed)

    # --- finish_revert_resize (source) ---------------------------------------

    def finish_revert_resize(self, context, instance, migration):
        """The instance comes back here with its old flavor and
        allocation; the destination's allocation is dropped."""
        def step():
            powered_on = instance.power_state != power_state.SHUTDOWN
            migration.status = migration_obj.REVERTED
            moved = migration.save(expected_status=migration_obj.REVERTING,
                                   allocations='revert')
            LOG.info('Source allocation given back to the instance (%d '
                     'rows); the destination\'s dropped', moved,
                     instance_uuid=instance.uuid)
            set_flavor(instance, migration.old_flavor)
            instance.host = migration.source_compute
            instance.node = migration.source_node
            self.driver.finish_revert_migration(
                context, instance, network_info(context, instance),
                power_on=powered_on)
            instance.vm_state = _settled_vm_state(powered_on)
            instance.power_state = _power(powered_on)
            instance.task_state = None
            instance.save(expected_task_state=[task_states.RESIZE_REVERTING])
            LOG.info('Resize reverted', instance_uuid=instance.uuid)

        def failed(exc, exc_tb):
            self._fail(context, instance, migration, exc, exc_tb,
                       [task_states.RESIZE_REVERTING])
        self._run(context, FINISH_REVERT_EVENT, instance, migration, step,
                  failed)


def _disk_changed(old_flavor, new_flavor):
    return ((old_flavor.root_gb, old_flavor.ephemeral_gb) !=
            (new_flavor.root_gb, new_flavor.ephemeral_gb))


def _record_flavor_in_spec(context, instance, flavor):
    """The instance's RequestSpec takes the confirmed flavor, so later
    scheduling (a reschedule, another move) asks for what it has."""
    try:
        spec = objects.RequestSpec.get_by_instance_uuid(context,
                                                        instance.uuid)
        spec.flavor = flavor
        spec.save()
    except exception.RequestSpecNotFound:
        LOG.debug('No request spec to update', instance_uuid=instance.uuid)
