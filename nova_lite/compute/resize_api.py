"""The API side of resize, confirmResize and revertResize.

A mixin of ``compute.api.API`` (which provides ``compute_task_api`` and
``compute_rpcapi``), kept in its own module so that api.py stays about
booting and the simple actions. Each method checks what Nova checks,
changes the state compare-and-swap style (so of two racing requests one
gets 409), records the instance action and casts:

* ``resize``: the instance ACTIVE or STOPPED with no task; another,
  enabled flavor the project may use, with a disk no smaller; quota for the
  growth of cores and RAM. task_state ``resize_prep``, action ``resize``,
  then the conductor (``migrate_server``) schedules it.
* ``confirm_resize`` / ``revert_resize``: the instance RESIZED with no
  task and its migration ``finished``; the migration becomes
  ``confirming`` / ``reverting`` (and the instance's task
  ``resize_reverting`` for a revert), action ``confirmResize`` /
  ``revertResize``, then a cast to the source (confirm) or the
  destination (revert).
"""

from oslo_log import log as logging

from nova_lite.compute import api_actions
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
import nova_lite.conf
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import migration as migration_obj

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

RESIZE = 'resize'
CONFIRM_RESIZE = 'confirmResize'
REVERT_RESIZE = 'revertResize'
# The compute RPC version of the resize steps.
RESIZE_RPC = '1.2'

_check_lock = api_actions.check_instance_lock
_check_state = api_actions.check_instance_state


def _cas_lost(instance, method, exc):
    """The 409 of a request that lost a compare-and-swap save."""
    if isinstance(exc, exception.UnexpectedVMStateError):
        attr, state = 'vm_state', exc.kwargs.get('actual')
    else:
        attr, state = 'task_state', exc.kwargs.get('actual')
    return exception.InstanceInvalidState(
        method=method, instance_uuid=instance.uuid, attr=attr, state=state)


def _growth(old_flavor, new_flavor):
    """{cores, ram} the instance would use more of (quota deltas)."""
    deltas = {'cores': new_flavor.vcpus - old_flavor.vcpus,
              'ram': new_flavor.memory_mb - old_flavor.memory_mb}
    return {name: delta for name, delta in deltas.items() if delta > 0}


def _check_disks(old_flavor, new_flavor):
    """CannotResizeDisk (400): a disk may grow, never shrink."""
    if not new_flavor.root_gb and old_flavor.root_gb:
        raise exception.CannotResizeDisk(
            reason='Resize to zero disk flavor is not allowed.')
    if (new_flavor.root_gb < old_flavor.root_gb or
            new_flavor.ephemeral_gb < old_flavor.ephemeral_gb):
        raise exception.CannotResizeDisk(
            reason='Unable to resize disk down.')


def _same_flavor(old_flavor, new_flavor):
    if 'id' in old_flavor and 'id' in new_flavor:
        return old_flavor.id == new_flavor.id
    return old_flavor.flavorid == new_flavor.flavorid


def _check_quota(context, instance, old_flavor, new_flavor):
    deltas = _growth(old_flavor, new_flavor)
    if deltas:
        objects.Quotas.check_deltas(context, instance.project_id, deltas)


class ResizeMixin:
    """resize / confirm_resize / revert_resize of ``compute.api.API``."""

    # --- resize ----------------------------------------------------------------

    def _resize_flavor(self, context, instance, flavor_id):
        """The flavor to resize to, checked; FlavorNotFound (also for a
        disabled flavor or a private one the project may not use),
        CannotResizeToSameFlavor, CannotResizeDisk (400)."""
        new_flavor = self.get_flavor(context, flavor_id)
        current = instance.flavor
        same = _same_flavor(current, new_flavor)
        if new_flavor.disabled and not same:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        if same:
            raise exception.CannotResizeToSameFlavor()
        _check_disks(current, new_flavor)
        return new_flavor

    def _resize_request_spec(self, context, instance):
        """The instance's RequestSpec, the source host excluded unless
        ``allow_resize_to_same_host``."""
        try:
            spec = objects.RequestSpec.get_by_instance_uuid(context,
                                                            instance.uuid)
        except exception.RequestSpecNotFound:
            spec = objects.RequestSpec(
                instance_uuid=instance.uuid, project_id=instance.project_id,
                user_id=instance.user_id, image_ref=instance.image_ref,
                availability_zone=instance.availability_zone,
                num_instances=1, scheduler_hints={})
        ignore = [] if CONF.allow_resize_to_same_host else [instance.host]
        spec.ignore_hosts = ignore
        return spec

    @_check_lock
    @_check_state(vm_state=(vm_states.ACTIVE, vm_states.STOPPED),
                  method=RESIZE)
    def resize(self, context, instance, flavor_id):
        """Resize ``instance`` to flavor ``flavor_id`` (cast; the answer
        is 202 whatever the scheduler finds).

        Raises InstanceIsLocked, InstanceInvalidState, ComputeRPCTooOld
        (409), FlavorNotFound, CannotResizeToSameFlavor, CannotResizeDisk,
        OverQuota (403).
        """
        self.compute_rpcapi.check_can_send(RESIZE_RPC, RESIZE)
        new_flavor = self._resize_flavor(context, instance, flavor_id)
        _check_quota(context, instance, instance.flavor, new_flavor)
        spec = self._resize_request_spec(context, instance)
        instance.task_state = task_states.RESIZE_PREP
        try:
            instance.save(expected_task_state=[None],
                          expected_vm_state=[vm_states.ACTIVE,
                                             vm_states.STOPPED])
        except (exception.UnexpectedTaskStateError,
                exception.UnexpectedVMStateError) as exc:
            raise _cas_lost(instance, RESIZE, exc)
        objects.InstanceAction.action_start(context, instance.uuid, RESIZE,
                                            want_result=False)
        LOG.info('Resizing to flavor %s', new_flavor.flavorid,
                 instance=instance)
        self.compute_task_api.migrate_server(
            context, instance=instance, flavor=new_flavor,
            request_spec=spec)

    # --- confirm / revert --------------------------------------------------------

    @staticmethod
    def _finished_migration(context, instance, method):
        """The migration a confirm or revert of ``instance`` ends.

        MigrationNotFoundByStatus when it was not resized; InstanceInvalidState
        (409) when a confirm or revert is already under way.
        """
        try:
            return objects.Migration.get_by_instance_and_status(
                context, instance.uuid, migration_obj.FINISHED)
        except exception.MigrationNotFound:
            # A confirm or revert already under way is a conflict, not a
            # server that was never resized.
            for migration in objects.MigrationList.get_in_progress_by_instance(
                    context, instance.uuid):
                if migration.status in (migration_obj.CONFIRMING,
                                        migration_obj.REVERTING):
                    raise exception.InstanceInvalidState(
                        method=method, instance_uuid=instance.uuid,
                        attr='migration status', state=migration.status)
            raise

    @staticmethod
    def _take(instance, migration, method, status):
        """``finished`` -> ``status``, compare-and-swap: of a confirm and
        a revert (or two of either) racing, one gets InstanceInvalidState
        (409)."""
        migration.status = status
        try:
            migration.save(expected_status=migration_obj.FINISHED)
        except exception.UnexpectedMigrationStatusError as exc:
            raise exception.InstanceInvalidState(
                method=method, instance_uuid=instance.uuid,
                attr='migration status', state=exc.kwargs.get('actual'))

    @_check_lock
    @_check_state(vm_state=(vm_states.RESIZED,), method=CONFIRM_RESIZE)
    def confirm_resize(self, context, instance):
        """Keep the new flavor: the source host lets go of the old guest
        and its allocation (cast). Raises InstanceIsLocked,
        InstanceInvalidState, ComputeRPCTooOld (409),
        MigrationNotFoundByStatus."""
        self.compute_rpcapi.check_can_send(RESIZE_RPC, CONFIRM_RESIZE)
        migration = self._finished_migration(context, instance,
                                             CONFIRM_RESIZE)
        self._take(instance, migration, CONFIRM_RESIZE,
                   migration_obj.CONFIRMING)
        objects.InstanceAction.action_start(context, instance.uuid,
                                            CONFIRM_RESIZE, want_result=False)
        self.compute_rpcapi.confirm_resize(
            context, instance=instance, migration=migration,
            host=migration.source_compute)

    @_check_lock
    @_check_state(vm_state=(vm_states.RESIZED,), method=REVERT_RESIZE)
    def revert_resize(self, context, instance):
        """Go back to the old flavor on the source host (cast). Raises
        InstanceIsLocked, InstanceInvalidState, ComputeRPCTooOld (409),
        MigrationNotFoundByStatus, OverQuota (403) when the old flavor is
        the bigger one and no longer fits the quota."""
        self.compute_rpcapi.check_can_send(RESIZE_RPC, REVERT_RESIZE)
        migration = self._finished_migration(context, instance,
                                             REVERT_RESIZE)
        _check_quota(context, instance, migration.new_flavor,
                     migration.old_flavor)
        self._take(instance, migration, REVERT_RESIZE,
                   migration_obj.REVERTING)
        instance.task_state = task_states.RESIZE_REVERTING
        try:
            instance.save(expected_task_state=[None],
                          expected_vm_state=[vm_states.RESIZED])
        except (exception.UnexpectedTaskStateError,
                exception.UnexpectedVMStateError) as exc:
            # Give the migration back for whoever comes next.
            migration.status = migration_obj.FINISHED
            migration.save(expected_status=migration_obj.REVERTING)
            raise _cas_lost(instance, REVERT_RESIZE, exc)
        objects.InstanceAction.action_start(context, instance.uuid,
                                            REVERT_RESIZE, want_result=False)
        self.compute_rpcapi.revert_resize(
            context, instance=instance, migration=migration,
            host=migration.dest_compute)

    def _confirm_resize_on_deleting(self, context, instance):
        """A resized instance being deleted: its source host confirms
        first, so the old guest goes too (as Nova does)."""
        try:
            migration = objects.Migration.get_by_instance_and_status(
                context, instance.uuid, migration_obj.FINISHED)
            migration.status = migration_obj.CONFIRMING
            migration.save(expected_status=migration_obj.FINISHED)
        except (exception.MigrationNotFound,
                exception.UnexpectedMigrationStatusError) as exc:
            LOG.info('No resize to confirm before the delete: %s',
                     exc.format_message(), instance=instance)
            return
        self.compute_rpcapi.confirm_resize(
            context, instance=instance, migration=migration,
            host=migration.source_compute)
