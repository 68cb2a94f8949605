"""The compute side of the simple server actions (compute RPC 1.1).

The API set the task state (``rebooting``, ``powering-off``...) with a
compare-and-swap save and recorded the instance action; here each action

1. records its event (``compute_<method>``, e.g. ``compute_stop_instance``)
   around the work, with the traceback on failure;
2. calls the driver;
3. saves the outcome, vm_state and the power state the driver reports,
   with no task, expecting the task state the API set: if someone took
   the instance over meanwhile (a delete, a hard reboot), their state wins
   and this action only logs.

A driver failure puts the task state back to None (the vm_state is kept,
except for a reboot: a guest that is not running after a failed reboot
is ERROR, as in Nova) and records an InstanceFault. The manager holds the
instance's lock around every call.
"""

import sys

from oslo_log import log as logging

from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception

LOG = logging.getLogger(__name__)

_network_info = compute_utils.network_info

# The task states each reboot type may find (its own, set by the API, and
# the later steps a retried reboot may already have reached).
SOFT_REBOOT_STATES = (task_states.REBOOTING, task_states.REBOOT_PENDING,
                      task_states.REBOOT_STARTED)
HARD_REBOOT_STATES = (task_states.REBOOTING_HARD,
                      task_states.REBOOT_PENDING_HARD,
                      task_states.REBOOT_STARTED_HARD)


class _Action:
    """One action: its task states, its driver call and its outcome."""

    def __init__(self, method, task_state, vm_state, call):
        #: The manager method, which names the event.
        self.method = method
        #: What the API set and what the final save expects.
        self.task_state = task_state
        #: The vm_state once the driver succeeded.
        self.vm_state = vm_state
        #: ``call(driver, context, instance)``
        self.call = call

    @property
    def event(self):
        return 'compute_%s' % self.method


ACTIONS = {
    action.method: action for action in (
        _Action('stop_instance', task_states.POWERING_OFF,
                vm_states.STOPPED,
                lambda drv, ctx, inst: drv.power_off(inst)),
        _Action('start_instance', task_states.POWERING_ON,
                vm_states.ACTIVE,
                lambda drv, ctx, inst: drv.power_on(ctx, inst,
                                                    _network_info(inst))),
        _Action('pause_instance', task_states.PAUSING, vm_states.PAUSED,
                lambda drv, ctx, inst: drv.pause(inst)),
        _Action('unpause_instance', task_states.UNPAUSING, vm_states.ACTIVE,
                lambda drv, ctx, inst: drv.unpause(inst)),
        _Action('suspend_instance', task_states.SUSPENDING,
                vm_states.SUSPENDED,
                lambda drv, ctx, inst: drv.suspend(ctx, inst)),
        _Action('resume_instance', task_states.RESUMING, vm_states.ACTIVE,
                lambda drv, ctx, inst: drv.resume(ctx, inst,
                                                  _network_info(inst))),
    )
}


class InstanceActions:
    """Carries out the simple actions of one compute host."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver

    def _power_state(self, instance):
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def _finish(self, instance, vm_state, expected_task_state):
        """Save the outcome; False if another request took over."""
        instance.vm_state = vm_state
        instance.power_state = self._power_state(instance)
        instance.task_state = None
        try:
            instance.save(expected_task_state=expected_task_state)
        except (exception.UnexpectedTaskStateError,
                exception.InstanceNotFound) as exc:
            LOG.info('Not saving the outcome: %s', exc.format_message(),
                     instance_uuid=instance.uuid)
            return False
        return True

    def _failed(self, context, instance, exc, exc_tb, expected_task_state):
        """Record the fault and give the task back (the vm_state stays)."""
        if isinstance(exc, exception.UnexpectedTaskStateError):
            # Taken over meanwhile (a delete, a hard reboot): theirs now.
            LOG.info('Action abandoned: %s', exc, instance_uuid=instance.uuid)
            return
        LOG.error('Action failed: %s', exc, instance_uuid=instance.uuid)
        compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                                  self.host, exc_tb)
        instance.task_state = None
        try:
            instance.save(expected_task_state=expected_task_state)
        except (exception.UnexpectedTaskStateError,
                exception.InstanceNotFound) as save_exc:
            LOG.info('Task state not reverted: %s',
                     save_exc.format_message(), instance_uuid=instance.uuid)

    def run(self, context, instance, method):
        """Carry out the action of the manager method ``method``."""
        action = ACTIONS[method]
        try:
            with compute_utils.EventReporter(context, action.event,
                                             self.host, instance.uuid):
                action.call(self.driver, context, instance)
                self._finish(instance, action.vm_state, [action.task_state])
        except Exception as exc:
            self._failed(context, instance, exc, sys.exc_info()[2],
                         [action.task_state])

    def reboot(self, context, instance, reboot_type):
        """Reboot: task rebooting(_hard) -> reboot_started(_hard) -> None,
        vm_state ACTIVE and the guest running."""
        hard = reboot_type == 'HARD'
        expected = HARD_REBOOT_STATES if hard else SOFT_REBOOT_STATES
        started = (task_states.REBOOT_STARTED_HARD if hard
                   else task_states.REBOOT_STARTED)
        try:
            with compute_utils.EventReporter(context, 'compute_reboot_instance',
                                             self.host, instance.uuid):
                instance.task_state = started
                instance.save(expected_task_state=list(expected))
                self.driver.reboot(context, instance, _network_info(instance),
                                   reboot_type)
                self._finish(instance, vm_states.ACTIVE, [started])
        except Exception as exc:
            self._reboot_failed(context, instance, exc, sys.exc_info()[2],
                                [started])

    def _reboot_failed(self, context, instance, exc, exc_tb, expected):
        """As Nova: a guest still running stays ACTIVE (with no task),
        any other is ERROR with the fault."""
        if isinstance(exc, exception.UnexpectedTaskStateError):
            LOG.info('Reboot abandoned: %s', exc, instance_uuid=instance.uuid)
            return
        if self._power_state(instance) == power_state.RUNNING:
            LOG.warning('Reboot failed but the guest is running: %s', exc,
                        instance_uuid=instance.uuid)
            self._failed(context, instance, exc, exc_tb, expected)
            return
        LOG.error('Reboot failed: %s', exc, instance_uuid=instance.uuid)
        compute_utils.set_error_with_fault(context, instance, exc, self.host,
                                           exc_tb, expected)

    def get_console_output(self, context, instance, tail_length=None):
        """The guest's console log, its last ``tail_length`` lines if not
        None."""
        output = self.driver.get_console_output(context, instance)
        if tail_length is None:
            return output
        lines = output.splitlines(keepends=True)
        return ''.join(lines[-tail_length:] if tail_length > 0 else [])
