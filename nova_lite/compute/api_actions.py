"""The simple server actions of ``compute.api.API`` (a mixin).

Every action that reaches a compute follows the same four steps, in this
order:

1. checks on the instance as the API loaded it: locked (InstanceIsLocked,
   409, unless the caller is an administrator), vm_state / task_state /
   never launched (InstanceInvalidState, 409: "Cannot 'pause' instance
   <uuid> while it is in vm_state stopped"), then no host yet
   (InstanceNotReady, 409), so a server that failed to build is refused
   for its state, as in Nova;
2. the task state, written with a compare-and-swap save
   (``save(expected_task_state=...)``): of two concurrent requests exactly
   one gets past it, the other gets InstanceInvalidState (409) naming the
   task state the winner set;
3. the instance action (``reboot``, ``stop``...) of the request, so the
   compute's events have something to hang on;
4. a cast to the instance's compute (``compute.rpcapi``).

Lock, unlock, reset state, metadata and the display fields change only the
database; the console output is an RPC call.
"""

import functools

from oslo_log import log as logging

from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
import nova_lite.conf
from nova_lite import exception
from nova_lite import objects

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

# Instance action names, as Nova's (os-instance-actions shows them).
REBOOT = 'reboot'
STOP = 'stop'
START = 'start'
PAUSE = 'pause'
UNPAUSE = 'unpause'
SUSPEND = 'suspend'
RESUME = 'resume'
LOCK = 'lock'
UNLOCK = 'unlock'
RESET_STATE = 'resetState'

# vm_states a reboot is allowed from (Nova's ALLOW_SOFT_REBOOT and
# ALLOW_HARD_REBOOT).
ALLOW_SOFT_REBOOT = (vm_states.ACTIVE,)
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + (vm_states.STOPPED, vm_states.PAUSED,
                                         vm_states.SUSPENDED, vm_states.ERROR)
# Tasks a hard reboot may interrupt (Nova's task_states.ALLOW_REBOOT): a
# hard reboot is how a user gets a guest stuck in one of them back.
ALLOW_REBOOT_TASKS = (None, task_states.REBOOTING,
                      task_states.REBOOT_PENDING, task_states.REBOOT_STARTED,
                      task_states.RESUMING, task_states.REBOOTING_HARD,
                      task_states.UNPAUSING, task_states.PAUSING,
                      task_states.SUSPENDING)
# Where metadata may change (any task).
ALLOW_METADATA_CHANGE = (vm_states.ACTIVE, vm_states.PAUSED,
                         vm_states.SUSPENDED, vm_states.STOPPED)
# What os-resetState may set.
RESET_STATES = {'active': vm_states.ACTIVE, 'error': vm_states.ERROR}
# The fields PUT /servers/{id} may change.
UPDATABLE_FIELDS = ('display_name', 'display_description')


def _check_state(instance, method, vm_state=None, task_state=(None,),
                 must_have_launched=True):
    """InstanceInvalidState unless ``instance`` allows ``method``.

    ``vm_state``: the allowed vm_states (None: any); ``task_state``: the
    allowed task states, None meaning "no task" in it (None: any);
    ``must_have_launched``: refuse an instance that never ran.
    """
    def refuse(attr, state):
        raise exception.InstanceInvalidState(
            method=method, instance_uuid=instance.uuid, attr=attr,
            state=state)

    if vm_state is not None and instance.vm_state not in vm_state:
        refuse('vm_state', instance.vm_state)
    if task_state is not None and instance.task_state not in task_state:
        refuse('task_state', instance.task_state)
    if must_have_launched and not instance.launched_at:
        refuse('launched_at', instance.launched_at)


def check_instance_state(vm_state=None, task_state=(None,),
                         must_have_launched=True, method=None):
    """Decorate an ``API`` method ``(self, context, instance, ...)`` so it
    refuses an instance in the wrong state (see :func:`_check_state`).

    ``method``: the action the message names (the function's name by
    default).
    """
    def outer(function):
        name = method or function.__name__

        @functools.wraps(function)
        def inner(self, context, instance, *args, **kwargs):
            _check_state(instance, name, vm_state, task_state,
                         must_have_launched)
            return function(self, context, instance, *args, **kwargs)
        return inner
    return outer


def check_instance_lock(function):
    """Refuse (InstanceIsLocked, 409) a locked instance to non-admins, as
    Nova does. Checked before the state."""
    @functools.wraps(function)
    def inner(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        return function(self, context, instance, *args, **kwargs)
    return inner


def check_instance_host(function):
    """Refuse (InstanceNotReady, 409) an instance no compute owns yet."""
    @functools.wraps(function)
    def inner(self, context, instance, *args, **kwargs):
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return function(self, context, instance, *args, **kwargs)
    return inner


def record_action_start(context, instance, action):
    """Record the request's instance action ``action`` (one round trip)."""
    objects.InstanceAction.action_start(context, instance.uuid, action,
                                        want_result=False)


class ServerActionsMixin:
    """The actions of ``compute.api.API``; it provides ``compute_rpcapi``.

    Each method takes the instance the caller loaded (and checked access
    to) and updates it in place.
    """

    def _start_task(self, context, instance, task_state, action,
                    expected_task_state=(None,)):
        """Steps 2 and 3: the compare-and-swap, then the instance action.

        ComputeRPCTooOld (409), before any change, while a compute older
        than these actions (RPC 1.1) caps the deployment.

        InstanceInvalidState (409, naming the task state found) if another
        request changed the task first; the instance is then left as that
        request made it.
        """
        self.compute_rpcapi.check_can_send('1.1', action)
        instance.task_state = task_state
        try:
            # The vm_state the checks passed on is expected too: another
            # action may have started and finished since the instance was
            # loaded, leaving no task but another vm_state.
            instance.save(expected_task_state=list(expected_task_state),
                          expected_vm_state=[instance.vm_state])
        except (exception.UnexpectedTaskStateError,
                exception.UnexpectedVMStateError) as exc:
            # Worded as the refusal the request would have had, had it come
            # a moment later.
            attr = ('vm_state' if isinstance(
                exc, exception.UnexpectedVMStateError) else 'task_state')
            raise exception.InstanceInvalidState(
                method=action, instance_uuid=instance.uuid,
                attr=attr, state=exc.kwargs.get('actual'))
        record_action_start(context, instance, action)

    # --- power ---------------------------------------------------------------

    @check_instance_lock
    @check_instance_state(vm_state=ALLOW_HARD_REBOOT,
                          task_state=ALLOW_REBOOT_TASKS)
    @check_instance_host
    def reboot(self, context, instance, reboot_type):
        """Reboot: ``'SOFT'`` from ACTIVE with no task, ``'HARD'`` also from
        STOPPED, PAUSED, SUSPENDED, ERROR and over a stuck reboot, pause,
        unpause, suspend or resume (as Nova)."""
        if reboot_type == 'SOFT':
            _check_state(instance, 'reboot', vm_state=ALLOW_SOFT_REBOOT)
            task, expected = task_states.REBOOTING, (None,)
        else:
            task, expected = task_states.REBOOTING_HARD, ALLOW_REBOOT_TASKS
        self._start_task(context, instance, task, REBOOT, expected)
        self.compute_rpcapi.reboot_instance(context, instance=instance,
                                            reboot_type=reboot_type)

    @check_instance_lock
    @check_instance_state(vm_state=(vm_states.ACTIVE, vm_states.ERROR))
    @check_instance_host
    def stop(self, context, instance):
        """Power off (os-stop): from ACTIVE or ERROR, with no task."""
        self._start_task(context, instance, task_states.POWERING_OFF, STOP)
        self.compute_rpcapi.stop_instance(context, instance=instance)

    @check_instance_lock
    @check_instance_state(vm_state=(vm_states.STOPPED,))
    @check_instance_host
    def start(self, context, instance):
        """Power on (os-start): from STOPPED, with no task."""
        self._start_task(context, instance, task_states.POWERING_ON, START)
        self.compute_rpcapi.start_instance(context, instance=instance)

    @check_instance_lock
    @check_instance_state(vm_state=(vm_states.ACTIVE,))
    @check_instance_host
    def pause(self, context, instance):
        """Pause: from ACTIVE, with no task."""
        self._start_task(context, instance, task_states.PAUSING, PAUSE)
        self.compute_rpcapi.pause_instance(context, instance=instance)

    @check_instance_lock
    @check_instance_state(vm_state=(vm_states.PAUSED,))
    @check_instance_host
    def unpause(self, context, instance):
        """Unpause: from PAUSED, with no task."""
        self._start_task(context, instance, task_states.UNPAUSING, UNPAUSE)
        self.compute_rpcapi.unpause_instance(context, instance=instance)

    @check_instance_lock
    @check_instance_state(vm_state=(vm_states.ACTIVE,))
    @check_instance_host
    def suspend(self, context, instance):
        """Suspend: from ACTIVE, with no task."""
        self._start_task(context, instance, task_states.SUSPENDING, SUSPEND)
        self.compute_rpcapi.suspend_instance(context, instance=instance)

    @check_instance_lock
    @check_instance_state(vm_state=(vm_states.SUSPENDED,))
    @check_instance_host
    def resume(self, context, instance):
        """Resume: from SUSPENDED, with no task."""
        self._start_task(context, instance, task_states.RESUMING, RESUME)
        self.compute_rpcapi.resume_instance(context, instance=instance)

    # --- database only -------------------------------------------------------

    def lock(self, context, instance, reason=None):
        """Lock: only administrators may act on the instance until unlock.

        ``locked_by`` is ``owner`` when the caller is of the instance's
        project, ``admin`` otherwise. The owner locking an instance that is
        already locked changes nothing (as Nova). Recorded as the action
        ``lock`` with an ``api_lock`` event.
        """
        is_owner = instance.project_id == context.project_id
        if instance.locked and is_owner:
            return
        record_action_start(context, instance, LOCK)
        with compute_utils.EventReporter(context, 'api_lock', None,
                                         instance.uuid):
            instance.locked = True
            instance.locked_by = 'owner' if is_owner else 'admin'
            instance.locked_reason = reason
            instance.save()

    def unlock(self, context, instance):
        """Unlock (the caller checked the override rule when the other side
        locked it). Recorded as the action ``unlock``."""
        record_action_start(context, instance, UNLOCK)
        with compute_utils.EventReporter(context, 'api_unlock', None,
                                         instance.uuid):
            instance.locked = False
            instance.locked_by = None
            instance.locked_reason = None
            instance.save()

    def reset_state(self, context, instance, state):
        """os-resetState (administrators): vm_state ``state`` ('active' or
        'error') and no task, whatever the instance was doing; the compute
        is not told. Recorded as the action ``resetState``."""
        if state not in RESET_STATES:
            raise exception.InvalidInput(
                reason="state must be 'active' or 'error', not %r" % state)
        record_action_start(context, instance, RESET_STATE)
        instance.vm_state = RESET_STATES[state]
        instance.task_state = None
        instance.save()
        LOG.info('State reset to %s by an administrator', state,
                 instance_uuid=instance.uuid)

    @check_instance_lock
    @check_instance_state(vm_state=ALLOW_METADATA_CHANGE, task_state=None)
    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        """Add or change items; ``delete=True``: replace them all.

        Returns the instance's metadata afterwards. MetadataLimitExceeded
        (403) past the project's ``metadata_items`` limit.
        """
        if delete:
            new = dict(metadata)
        else:
            new = dict(instance.metadata)
            new.update(metadata)
        self._check_metadata_quota(context, instance, new)
        instance.metadata = new
        instance.save()
        return dict(instance.metadata)

    @check_instance_lock
    @check_instance_state(vm_state=ALLOW_METADATA_CHANGE, task_state=None)
    def delete_instance_metadata(self, context, instance, key):
        """Remove one item; MetadataItemNotFound (404) if there is none."""
        if key not in instance.metadata:
            raise exception.MetadataItemNotFound()
        new = dict(instance.metadata)
        del new[key]
        instance.metadata = new
        instance.save()

    @staticmethod
    def _check_metadata_quota(context, instance, metadata):
        try:
            objects.Quotas.check_deltas(
                context, instance.project_id,
                {'metadata_items': len(metadata)})
        except exception.OverQuota as exc:
            limits = exc.kwargs.get('quotas') or {}
            raise exception.MetadataLimitExceeded(
                allowed=limits.get('metadata_items',
                                   CONF.quota.metadata_items))

    def update(self, context, instance, **values):
        """PUT /servers/{id}: change ``display_name`` and/or
        ``display_description`` (no state or lock check, as Nova)."""
        unknown = sorted(set(values) - set(UPDATABLE_FIELDS))
        if unknown:
            raise exception.InvalidInput(
                reason='cannot update %s' % ', '.join(unknown))
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    # --- console -------------------------------------------------------------

    @check_instance_host
    def get_console_output(self, context, instance, tail_length=None):
        """The guest's console log, its last ``tail_length`` lines if given
        (an RPC call to the compute)."""
        self.compute_rpcapi.check_can_send('1.1', 'get_console_output')
        return self.compute_rpcapi.get_console_output(
            context, instance=instance, tail_length=tail_length)
