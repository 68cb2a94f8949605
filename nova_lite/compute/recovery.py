"""Restart recovery: settle every instance a restarted compute finds mid-task.

A compute that was killed leaves its instances in the task states of the
work it was doing, and the requests that carried that work are gone with
it. Before the restarted compute consumes any RPC (``init_host``), this
module lists the host's instances (one call to the conductor) and ends each
task the way Nova's ``_init_instance`` does, so no instance of the host is
left with a task state:

============================================  ================================
task_state found                              outcome
============================================  ================================
``deleting``                                  the delete is finished: guest
                                              destroyed, instance deleted
                                              (its allocations released)
building (``scheduling``, ``spawning``...)    ERROR with a fault; the
                                              instance keeps its host and
                                              allocation, as in Nova (a
                                              delete removes both)
``rebooting*``, ``reboot_pending*``           the reboot is retried (HARD
                                              when the guest is not running)
``reboot_started*``                           guest running: ACTIVE, cleared;
                                              otherwise rebooted (HARD)
``powering-off`` / ``powering-on``            the stop / start is finished
``pausing``, ``unpausing``, ``suspending``,   vm_state and power_state are
``resuming``                                  taken from the driver; cleared
``resize_prep``                               cleared (nothing moved yet)
``resize_migrating``                          the guest is given back on this
                                              host (``finish_revert_migration``
                                              when the driver has it); cleared
other resize states, rebuild states           ERROR with a fault: the flow
                                              cannot be resumed from here (the
                                              user deletes it or an admin
                                              resets it)
anything else                                 cleared, with a warning
============================================  ================================

An instance already in ERROR only has its task state cleared (Nova skips
those; a task left on an ERROR instance would block its delete's retry).
A step that fails sets ERROR with the failure as the fault. Finally the
guests of instances the database says are deleted are destroyed (reaped);
guests nobody knows are left alone and logged.

A resize cut short also ends its migration as the resize code
(``compute/resize.py``) ends a failed one: status ``error``, and while the
guest had not left this host (``resize_prep``, ``resize_migrating``) the
source allocation is given back to the instance in place of the
destination's claim. Past that point the allocations stay until the
instance is deleted, as after a failed resize.
"""

import sys

from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite.compute import task_states as ts
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

BUILDING_STATES = (ts.SCHEDULING, ts.BLOCK_DEVICE_MAPPING, ts.NETWORKING,
                   ts.SPAWNING)
SOFT_REBOOT_STATES = (ts.REBOOTING, ts.REBOOT_PENDING, ts.REBOOT_STARTED)
HARD_REBOOT_STATES = (ts.REBOOTING_HARD, ts.REBOOT_PENDING_HARD,
                      ts.REBOOT_STARTED_HARD)
REBOOT_STARTED_STATES = (ts.REBOOT_STARTED, ts.REBOOT_STARTED_HARD)
SETTLE_STATES = (ts.PAUSING, ts.UNPAUSING, ts.SUSPENDING, ts.RESUMING)
INTERRUPTED_STATES = (ts.RESIZE_MIGRATED, ts.RESIZE_FINISH,
                      ts.RESIZE_REVERTING, ts.RESIZE_CONFIRMING,
                      ts.REBUILDING, ts.REBUILD_BLOCK_DEVICE_MAPPING,
                      ts.REBUILD_SPAWNING)

# What a compare-and-swap save raises when another change came first.
_LOST_RACE = (exception.UnexpectedTaskStateError,
              exception.UnexpectedVMStateError,
              exception.InstanceNotFound)

RESIZE_STATES = (ts.RESIZE_PREP, ts.RESIZE_MIGRATING, ts.RESIZE_MIGRATED,
                 ts.RESIZE_FINISH, ts.RESIZE_REVERTING, ts.RESIZE_CONFIRMING)

BUILD_INTERRUPTED = 'the compute service restarted while it was building'

# The vm_state a guest's power state stands for, when a pause, unpause,
# suspend or resume was cut short.
_VM_STATE_BY_POWER = {
    power_state.RUNNING: vm_states.ACTIVE,
    power_state.PAUSED: vm_states.PAUSED,
    power_state.SUSPENDED: vm_states.SUSPENDED,
    power_state.SHUTDOWN: vm_states.STOPPED,
    power_state.CRASHED: vm_states.STOPPED,
}


class _Superseded(Exception):
    """A recovery save found the instance changed (or gone) meanwhile."""

    def __init__(self, cause):
        super().__init__(str(cause))
        self.cause = cause


def reboot_type_for(task_state, current_power):
    """SOFT or HARD, as the interrupted reboot was, but HARD whenever the
    guest is not running (a soft reboot cannot start a stopped guest)."""
    if current_power != power_state.RUNNING:
        return 'HARD'
    return 'SOFT' if task_state in SOFT_REBOOT_STATES else 'HARD'


class InstanceRecovery:
    """Recovers a compute's instances at start (see the module's doc)."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver

    def recover(self, context):
        """Settle every instance of this host, then reap deleted guests.

        Returns ``{instance uuid: outcome}`` for the instances that had a
        task (outcomes: 'deleted', 'error', 'rebooted', 'stopped',
        'started', 'settled', 'cleared', 'reaped'...).
        """
        instances = objects.InstanceList.get_by_host(
            context, self.host, expected_attrs=['fixed_ips'])
        outcomes = {}
        for instance in instances:
            outcome = self.init_instance(context, instance)
            if outcome:
                outcomes[instance.uuid] = outcome
        known = {instance.uuid for instance in instances}
        for uuid in self.reap(context, known):
            outcomes[uuid] = 'reaped'
        if outcomes:
            LOG.info('Recovered %(count)d instance(s) at start: %(what)s',
                     {'count': len(outcomes), 'what': outcomes})
        return outcomes

    def init_instance(self, context, instance):
        """Settle one instance; return what was done (None: nothing)."""
        found = instance.task_state
        if instance.host != self.host:
            LOG.warning('Instance appears to be owned by %s, not this host; '
                        'skipping it', instance.host,
                        instance_uuid=instance.uuid)
            return None
        if found is None and instance.vm_state != vm_states.BUILDING:
            return None
        try:
            return self._dispatch(context, instance, found)
        except _Superseded as exc:
            # The API got there first (a local delete while this compute
            # was down, say): its outcome stands.
            LOG.info('Not recovering: %s', exc.cause.format_message(),
                     instance_uuid=instance.uuid)
            return 'superseded'
        except Exception as exc:
            LOG.exception('Could not recover the instance from task state '
                          '%s; setting ERROR', found,
                          instance_uuid=instance.uuid)
            compute_utils.set_error_with_fault(
                context, instance, exc, self.host, sys.exc_info()[2],
                [found])
            return 'error'

    def _dispatch(self, context, instance, found):
        if found == ts.DELETING:
            return self._finish_delete(context, instance)
        if instance.vm_state == vm_states.ERROR and \
                found != ts.RESIZE_MIGRATING:
            return self._clear(instance, found, 'the instance is in ERROR')
        if instance.vm_state == vm_states.BUILDING or found in \
                BUILDING_STATES:
            return self._error(context, instance, found,
                               exception.BuildAbortException(
                                   instance_uuid=instance.uuid,
                                   reason=BUILD_INTERRUPTED))
        if found in SOFT_REBOOT_STATES + HARD_REBOOT_STATES:
            return self._reboot(context, instance, found)
        if found == ts.POWERING_OFF:
            return self._power_off(instance)
        if found == ts.POWERING_ON:
            return self._power_on(context, instance)
        if found in SETTLE_STATES:
            return self._settle(instance, found)
        if found == ts.RESIZE_PREP:
            self._end_migrations(context, instance, 'revert')
            return self._clear(instance, found, 'nothing was moved yet')
        if found == ts.RESIZE_MIGRATING:
            return self._revert_migrating(context, instance)
        if found in INTERRUPTED_STATES:
            if found in RESIZE_STATES:
                self._end_migrations(context, instance, None)
            return self._error(context, instance, found,
                               exception.InstanceActionInterrupted(
                                   instance_uuid=instance.uuid,
                                   task_state=found,
                                   reason='it cannot be resumed'))
        return self._clear(instance, found, 'no recovery is known for it')

    # -- outcomes ----------------------------------------------------------

    def _save(self, instance, found, **values):
        for name, value in values.items():
            setattr(instance, name, value)
        instance.task_state = None
        try:
            instance.save(expected_task_state=[found])
        except _LOST_RACE as exc:
            raise _Superseded(exc)

    def _clear(self, instance, found, why):
        LOG.warning('Instance in transitional state %(task)s at start-up; '
                    'clearing the task state (%(why)s)',
                    {'task': found, 'why': why}, instance_uuid=instance.uuid)
        self._save(instance, found)
        return 'cleared'

    def _error(self, context, instance, found, exc):
        LOG.warning('Instance in task state %(task)s at start-up: '
                    '%(error)s; setting ERROR',
                    {'task': found, 'error': exc.format_message()},
                    instance_uuid=instance.uuid)
        compute_utils.set_error_with_fault(context, instance, exc,
                                           self.host, None, [found])
        return 'error'

    def _current_power(self, instance):
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def _finish_delete(self, context, instance):
        LOG.info('Service started deleting the instance during the previous '
                 'run, but did not finish. Restarting the deletion now.',
                 instance_uuid=instance.uuid)
        compute_utils.destroy_instance(self.driver, context, instance)
        return 'deleted'

    def _reboot(self, context, instance, found):
        current = self._current_power(instance)
        if found in REBOOT_STARTED_STATES and current == power_state.RUNNING:
            LOG.warning('Instance in transitional state (%s) at start-up and '
                        'its guest is running; clearing the task state',
                        found, instance_uuid=instance.uuid)
            self._save(instance, found, vm_state=vm_states.ACTIVE,
                       power_state=current)
            return 'cleared'
        reboot_type = reboot_type_for(found, current)
        LOG.info('Instance in transitional state (%(task)s) at start-up '
                 'and power state is (%(power)s); retrying the reboot '
                 '(%(type)s)',
                 {'task': found, 'type': reboot_type,
                  'power': power_state.STATE_MAP.get(current, current)},
                 instance_uuid=instance.uuid)
        self.driver.reboot(context, instance, compute_utils.network_info(instance),
                           reboot_type)
        self._save(instance, found, vm_state=vm_states.ACTIVE,
                   power_state=self._current_power(instance))
        return 'rebooted'

    def _power_off(self, instance):
        LOG.info('Instance in transitional state %s at start-up; retrying '
                 'the stop', ts.POWERING_OFF, instance_uuid=instance.uuid)
        self.driver.power_off(instance)
        self._save(instance, ts.POWERING_OFF, vm_state=vm_states.STOPPED,
                   power_state=self._current_power(instance))
        return 'stopped'

    def _power_on(self, context, instance):
        LOG.info('Instance in transitional state %s at start-up; retrying '
                 'the start', ts.POWERING_ON, instance_uuid=instance.uuid)
        self.driver.power_on(context, instance, compute_utils.network_info(instance))
        self._save(instance, ts.POWERING_ON, vm_state=vm_states.ACTIVE,
                   power_state=self._current_power(instance))
        return 'started'

    def _settle(self, instance, found):
        current = self._current_power(instance)
        vm_state = _VM_STATE_BY_POWER.get(current, instance.vm_state)
        LOG.warning('Instance in transitional state (%(task)s) at start-up '
                    'and power state is (%(power)s); taking vm_state '
                    '%(vm)s from the driver and clearing the task state',
                    {'task': found, 'vm': vm_state,
                     'power': power_state.STATE_MAP.get(current, current)},
                    instance_uuid=instance.uuid)
        self._save(instance, found, vm_state=vm_state, power_state=current)
        return 'settled'

    def _revert_migrating(self, context, instance):
        # The guest may have been powered off for its disk to move: give it
        # back here, running unless the instance was stopped.
        revert = getattr(self.driver, 'finish_revert_migration', None)
        if revert is not None:
            try:
                revert(context, instance, compute_utils.network_info(instance),
                       power_on=instance.vm_state != vm_states.STOPPED)
            except Exception:
                LOG.exception('Failed to revert crashed migration',
                              instance_uuid=instance.uuid)
        self._end_migrations(context, instance, 'revert')
        LOG.info('Instance found in migrating state during startup. '
                 'Resetting task_state', instance_uuid=instance.uuid)
        self._save(instance, ts.RESIZE_MIGRATING,
                   power_state=self._current_power(instance))
        return 'cleared'

    def _end_migrations(self, context, instance, allocations):
        """Set the instance's unfinished migrations to error; with
        ``allocations='revert'`` the source allocation goes back to the
        instance (see ``Migration.save``)."""
        migrations = objects.MigrationList.get_in_progress_by_instance(
            context, instance.uuid)
        for migration in migrations:
            LOG.info('Setting migration %(uuid)s (%(status)s) to error',
                     {'uuid': migration.uuid, 'status': migration.status},
                     instance_uuid=instance.uuid)
            migration.status = migration_obj.ERROR
            migration.save(allocations=allocations)

    # -- guests of deleted instances ---------------------------------------

    def reap(self, context, known):
        """Destroy the guests of this host's deleted instances; return
        their uuids. ``known``: uuids of the host's live instances."""
        unknown = set(self.driver.list_instances()) - set(known)
        if not unknown:
            return []
        deleted = objects.InstanceList.get_by_filters(
            context.elevated(read_deleted='only'),
            {'uuid': sorted(unknown)})
        reaped = []
        for instance in deleted:
            if instance.host != self.host:
                continue
            LOG.info('Destroying the guest of instance %s, which is marked '
                     'as deleted but still present on host', instance.uuid)
            try:
                self.driver.destroy(context, instance)
            except Exception:
                LOG.exception('Could not destroy the guest of a deleted '
                              'instance', instance_uuid=instance.uuid)
                continue
            reaped.append(instance.uuid)
        for uuid in sorted(unknown - set(reaped)):
            LOG.warning('Guest %s is on the hypervisor but no instance of '
                        'this host matches it; leaving it alone', uuid)
        return reaped
