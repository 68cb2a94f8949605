"""Helpers the compute manager and the conductor's build tasks share:
instance action events, faults and the error state."""

import sys
import traceback

from oslo_log import log as logging

from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects

LOG = logging.getLogger(__name__)


class EventReporter:
    """Record an InstanceActionEvent around a block of work.

    ``with EventReporter(ctx, 'compute_build_and_run_instance', host,
    uuid):`` records the start, then success or, if the block raises,
    failure with the exception and its traceback (the exception still
    propagates). An instance whose request recorded no action, or that is
    gone, is skipped: recording history never fails the work itself.
    """

    def __init__(self, context, event_name, host, *instance_uuids):
        self.context = context
        self.event_name = event_name
        self.host = host
        self.uuids = list(instance_uuids)

    def _record(self, method, uuid, **kwargs):
        return _record_event(self.context, self.event_name, method, uuid,
                             **kwargs)

    def __enter__(self):
        self.uuids = [uuid for uuid in self.uuids if self._record(
            objects.InstanceActionEvent.event_start, uuid, host=self.host)]
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        for uuid in self.uuids:
            if exc_type is None:
                self._record(objects.InstanceActionEvent.event_finish, uuid)
            else:
                self._record(
                    objects.InstanceActionEvent.event_finish_with_failure,
                    uuid, exc_val=exc_val, exc_tb=exc_tb)
        return False


def _record_event(context, event_name, method, uuid, **kwargs):
    """Call ``method`` (an InstanceActionEvent recorder); True if recorded.

    Recording history never fails the work: a missing action is logged at
    debug level, anything else with its traceback.
    """
    try:
        method(context, uuid, event_name, want_result=False, **kwargs)
        return True
    except exception.NotFound as exc:
        LOG.debug('Event %(event)s not recorded: %(err)s',
                  {'event': event_name, 'err': exc.format_message()},
                  instance_uuid=uuid)
    except Exception:
        LOG.exception('Could not record event %s', event_name,
                      instance_uuid=uuid)
    return False


def record_event_success(context, event_name, instance_uuid):
    """Record that an event started elsewhere (with a save) succeeded."""
    _record_event(context, event_name,
                  objects.InstanceActionEvent.event_finish, instance_uuid)


def record_event_failure(context, event_name, instance_uuid, exc_val,
                         exc_tb):
    """Record that an event started elsewhere (with a save) failed."""
    _record_event(context, event_name,
                  objects.InstanceActionEvent.event_finish_with_failure,
                  instance_uuid, exc_val=exc_val, exc_tb=exc_tb)


def fault_from_exc(exc, exc_tb=None):
    """(code, message, details) of the fault ``exc`` causes.

    Our exceptions give their code and message; anything else is a 500
    named after its class (its text goes to the details, which only
    administrators see, with the traceback).
    """
    if isinstance(exc, exception.NovaLiteException):
        code, message = exc.code, exc.format_message()
        details = exc.kwargs.get('details') or ''
    else:
        code, message = 500, type(exc).__name__
        details = str(exc)
    if exc_tb is not None:
        details = (details + '\n' if details else '') + ''.join(
            traceback.format_tb(exc_tb))
    return code, message, details or None


def add_instance_fault_from_exc(context, instance, exc, host, exc_tb=None):
    """Record ``exc`` as the instance's newest fault (never raises)."""
    if exc_tb is None and exc is sys.exc_info()[1]:
        exc_tb = sys.exc_info()[2]
    code, message, details = fault_from_exc(exc, exc_tb)
    fault = objects.InstanceFault(
        context=context, instance_uuid=instance.uuid, code=code,
        message=message, details=details, host=host)
    try:
        fault.create()
    except Exception:
        LOG.exception('Could not record the fault %s', message,
                      instance_uuid=instance.uuid)


def set_error_state(context, instance, expected_task_state):
    """vm_state ERROR, no task, unless a delete got there first.

    :returns: False when the instance is gone or being deleted (the delete
        wins and nothing is saved), True otherwise
    """
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save(expected_task_state=expected_task_state)
    except exception.InstanceNotFound:
        LOG.info('Instance was deleted while its build failed',
                 instance_uuid=instance.uuid)
        return False
    except exception.UnexpectedTaskStateError as exc:
        LOG.info('Not setting ERROR: %s', exc.format_message(),
                 instance_uuid=instance.uuid)
        return False
    return True


def set_error_with_fault(context, instance, exc, host, exc_tb,
                         expected_task_state):
    """Record the fault, then ERROR (unless a delete got there first).

    The fault goes first, so whoever sees ERROR also finds its fault.

    :returns: what :func:`set_error_state` returns
    """
    add_instance_fault_from_exc(context, instance, exc, host, exc_tb)
    return set_error_state(context, instance, expected_task_state)


def release_allocations(context, instance_uuid, why):
    """Release what the instance holds; log how many allocations went."""
    try:
        count = objects.AllocationList.delete_by_consumer(context,
                                                          instance_uuid)
    except Exception:
        LOG.exception('Could not release the allocations (%s)', why,
                      instance_uuid=instance_uuid)
        return 0
    LOG.info('Released %(count)d allocations (%(why)s)',
             {'count': count, 'why': why}, instance_uuid=instance_uuid)
    return count


def network_info(instance):
    """What the driver is told of the instance's networks: its fixed IPs
    when the caller loaded them (the fake driver needs none)."""
    if not instance.obj_attr_is_set('fixed_ips'):
        return []
    return [fixed_ip.to_network_info() for fixed_ip in instance.fixed_ips]


def destroy_instance(driver, context, instance):
    """Remove the guest, then delete ``instance`` (its allocations and
    fixed IPs go with it). True if this call deleted it, False if it was
    already gone."""
    driver.destroy(context, instance)
    try:
        released = instance.destroy()
    except exception.InstanceNotFound:
        LOG.info('Guest removed; the instance was already deleted',
                 instance_uuid=instance.uuid)
        return False
    LOG.info('Instance deleted (released: %s)', released,
             instance_uuid=instance.uuid)
    return True
