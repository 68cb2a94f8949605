"""``_sync_power_states``: make the database agree with the hypervisor.

Every ``sync_power_state_interval`` seconds the compute lists its instances
(one call to the conductor) and the driver's guests, then reconciles each
instance as Nova does:

* an instance with a task under way is skipped (the task will save the
  state it ends in), and so is one whose lock an action holds;
* the driver's power state is stored when it differs from the database's;
* a guest that no longer matches its instance's vm_state is dealt with as
  Nova's "stop API" would: an ACTIVE instance whose guest shut down,
  crashed or got suspended, and a PAUSED one whose guest shut down, are
  stopped; a STOPPED instance whose guest runs has its guest powered off.
  Such a stop is recorded as a ``stop`` instance action (with its
  ``compute_stop_instance`` event), as a user's ``os-stop`` would be;
* an ACTIVE instance whose guest is paused or missing is only logged: a
  hypervisor pauses guests on its own (I/O errors) and may not list a guest
  for a while (restarting), so Nova leaves both alone.

Every write is a compare-and-swap on ``task_state`` None and on the
vm_state that was read, so the sync never overwrites a concurrent action:
one that started after the listing makes the save fail, and the sync gives
up on that instance until the next run. A stop first claims the instance
with ``task_state = powering-off`` (as ``os-stop`` does), so nothing else
starts on it while the guest powers off.

Guests the database does not know are left alone (logged); restart
recovery (``compute/recovery.py``) reaps those of deleted instances.
"""

import sys

from oslo_concurrency import lockutils
from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)

STOP_ACTION = 'stop'
STOP_EVENT = 'compute_stop_instance'

# What a compare-and-swap save raises when someone else got there first.
_LOST_RACE = (exception.UnexpectedTaskStateError,
              exception.UnexpectedVMStateError,
              exception.InstanceNotFound)

_OFF = (power_state.SHUTDOWN, power_state.CRASHED)


def power_state_name(state):
    return power_state.STATE_MAP.get(state, state)


def stop_reason(vm_state, vm_power):
    """Why an instance in ``vm_state`` whose guest is ``vm_power`` must be
    stopped, or None when it must not (Nova's table)."""
    if vm_state == vm_states.ACTIVE:
        if vm_power in _OFF:
            return 'Instance shutdown by itself.'
        if vm_power == power_state.SUSPENDED:
            return 'Instance is suspended unexpectedly.'
    elif vm_state == vm_states.STOPPED:
        if vm_power not in _OFF + (power_state.NOSTATE,):
            return 'Instance is not stopped.'
    elif vm_state == vm_states.PAUSED:
        if vm_power in _OFF:
            return 'Paused instance shutdown by itself.'
    return None


def ignored_mismatch(vm_state, vm_power):
    """A warning for a mismatch Nova only logs, or None."""
    if vm_state == vm_states.ACTIVE:
        if vm_power == power_state.PAUSED:
            return 'Instance is paused unexpectedly. Ignore.'
        if vm_power == power_state.NOSTATE:
            return 'Instance is unexpectedly not found. Ignore.'
    return None


class PowerStateSync:
    """Runs ``_sync_power_states`` for a compute manager.

    ``semaphores`` are the manager's per-instance locks: an instance whose
    lock is held (an action runs on it) is skipped rather than waited for,
    so one long action does not hold up the periodic tasks.
    """

    def __init__(self, host, driver, semaphores):
        self.host = host
        self.driver = driver
        self.semaphores = semaphores

    def sync(self, context):
        """Reconcile every instance of this host; return what was done,
        as ``{instance uuid: 'power_state' | 'stopped' | 'skipped' |
        'failed'}`` (instances left as they were are not listed)."""
        instances = objects.InstanceList.get_by_host(context, self.host)
        guests = set(self.driver.list_instances())
        known = {instance.uuid for instance in instances}
        if len(guests) != len(known):
            LOG.warning('While synchronizing instance power states, found '
                        '%(db)d instances in the database and %(vm)d '
                        'instances on the hypervisor.',
                        {'db': len(known), 'vm': len(guests)})
        for uuid in sorted(guests - known):
            LOG.warning('Guest %s is on the hypervisor but no instance of '
                        'this host matches it; leaving it alone', uuid)
        done = {}
        for instance in instances:
            outcome = self._sync_one(context, instance)
            if outcome:
                done[instance.uuid] = outcome
        return done

    def _sync_one(self, context, instance):
        if instance.task_state is not None:
            LOG.info('During sync_power_state the instance has a pending '
                     'task (%s). Skip.', instance.task_state,
                     instance_uuid=instance.uuid)
            return 'skipped'
        try:
            with lockutils.lock(instance.uuid, semaphores=self.semaphores,
                                blocking=False):
                return self._query_and_sync(context, instance)
        except lockutils.AcquireLockFailedException:
            LOG.info('During sync_power_state an action holds the '
                     'instance. Skip.', instance_uuid=instance.uuid)
            return 'skipped'
        except Exception:
            # The next run tries again; one instance never stops the rest.
            LOG.exception('Could not synchronize the power state',
                          instance_uuid=instance.uuid)
            return 'failed'

    def _driver_power_state(self, instance):
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def _query_and_sync(self, context, instance):
        vm_power = self._driver_power_state(instance)
        vm_state, db_power = instance.vm_state, instance.power_state
        reason = stop_reason(vm_state, vm_power)
        if reason:
            LOG.warning('%(reason)s Calling the stop API. Current vm_state: '
                        '%(vm_state)s, original DB power_state: %(db)s, '
                        'current VM power_state: %(vm)s',
                        {'reason': reason, 'vm_state': vm_state,
                         'db': power_state_name(db_power),
                         'vm': power_state_name(vm_power)},
                        instance_uuid=instance.uuid)
            return self._stop(instance, vm_power)
        warning = ignored_mismatch(vm_state, vm_power)
        if warning:
            LOG.warning(warning, instance_uuid=instance.uuid)
        if vm_power == db_power:
            return None
        LOG.info('During _sync_instance_power_state the DB power_state '
                 '(%(db)s) does not match the vm_power_state from the '
                 'hypervisor (%(vm)s). Updating power_state in the DB to '
                 'match the hypervisor.',
                 {'db': power_state_name(db_power),
                  'vm': power_state_name(vm_power)},
                 instance_uuid=instance.uuid)
        instance.power_state = vm_power
        if not self._save(instance, [None], vm_state):
            return 'skipped'
        return 'power_state'

    def _save(self, instance, expected_task_state, expected_vm_state=None):
        """A compare-and-swap save; False if another change won."""
        try:
            instance.save(expected_task_state=expected_task_state,
                          expected_vm_state=expected_vm_state)
        except _LOST_RACE as exc:
            LOG.info('Not synchronizing: %s', exc.format_message(),
                     instance_uuid=instance.uuid)
            return False
        return True

    def _stop(self, instance, vm_power):
        """Stop ``instance`` as os-stop would: claim it (powering-off),
        record the action, power the guest off, save STOPPED."""
        vm_state = instance.vm_state
        instance.power_state = vm_power
        instance.task_state = task_states.POWERING_OFF
        if not self._save(instance, [None], vm_state):
            return 'skipped'
        # The stop is a request of its own (its own request id), so the
        # instance's action list shows who stopped the server and why.
        ctxt = nl_context.get_admin_context()
        try:
            objects.InstanceAction.action_start(
                ctxt, instance.uuid, STOP_ACTION, want_result=False)
        except Exception:
            LOG.exception('Could not record the stop action',
                          instance_uuid=instance.uuid)
        try:
            with compute_utils.EventReporter(ctxt, STOP_EVENT, self.host,
                                             instance.uuid):
                self.driver.power_off(instance)
        except Exception as exc:
            LOG.warning('Could not power the guest off: %s', exc,
                        instance_uuid=instance.uuid,
                        exc_info=sys.exc_info())
            # As Nova's stop reverts its task state: the next run retries.
            instance.task_state = None
            self._save(instance, [task_states.POWERING_OFF])
            self._finish_action(ctxt, instance)
            return 'failed'
        instance.vm_state = vm_states.STOPPED
        instance.power_state = self._driver_power_state(instance)
        instance.task_state = None
        saved = self._save(instance, [task_states.POWERING_OFF])
        self._finish_action(ctxt, instance)
        if saved:
            LOG.info('Instance stopped by sync_power_state',
                     instance_uuid=instance.uuid)
        return 'stopped' if saved else 'skipped'

    @staticmethod
    def _finish_action(ctxt, instance):
        try:
            objects.InstanceAction.action_finish(ctxt, instance.uuid,
                                                 want_result=False)
        except Exception:
            LOG.exception('Could not record the end of the stop action',
                          instance_uuid=instance.uuid)
