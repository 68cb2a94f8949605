"""The API's server ``status``: derived from vm_state and task_state.

A server's status is what the compute API shows instead of the two
internal states. Each vm_state has a usual status; a few task states
override it while they run (an active server being rebooted shows
``REBOOT``). The table below is Nova's, entry for entry, so clients that
wait for ``ACTIVE`` or ``VERIFY_RESIZE`` see the same transitions.

The reverse direction serves the ``status`` filter of ``GET /servers``:
``states_for_statuses(['REBOOT'])`` gives the vm_states and task_states
whose combination shows that status.
"""

from oslo_log import log as logging

from nova_lite.compute import task_states as ts
from nova_lite.compute import vm_states as vs

LOG = logging.getLogger(__name__)

UNKNOWN = 'UNKNOWN'

# The key a vm_state's usual status is stored under; as in Nova it also
# comes back from states_for_statuses() meaning "whatever the task".
DEFAULT = 'default'

_RESIZING = {ts.RESIZE_PREP: 'RESIZE', ts.RESIZE_MIGRATING: 'RESIZE',
             ts.RESIZE_MIGRATED: 'RESIZE', ts.RESIZE_FINISH: 'RESIZE'}
_REBUILDING = {ts.REBUILDING: 'REBUILD',
               ts.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
               ts.REBUILD_SPAWNING: 'REBUILD'}
_REBOOTING = {ts.REBOOTING: 'REBOOT', ts.REBOOT_PENDING: 'REBOOT',
              ts.REBOOT_STARTED: 'REBOOT',
              ts.REBOOTING_HARD: 'HARD_REBOOT',
              ts.REBOOT_PENDING_HARD: 'HARD_REBOOT',
              ts.REBOOT_STARTED_HARD: 'HARD_REBOOT'}


def _entry(usual, **overrides_by_task):
    entry = {DEFAULT: usual}
    for overrides in overrides_by_task.values():
        entry.update(overrides)
    return entry


# vm_state -> {task_state or DEFAULT: status}
STATUS_BY_STATE = {
    vs.ACTIVE: _entry('ACTIVE', reboot=_REBOOTING,
                      password={ts.UPDATING_PASSWORD: 'PASSWORD'},
                      rebuild=_REBUILDING,
                      migrate={ts.MIGRATING: 'MIGRATING'},
                      resize=_RESIZING),
    vs.BUILDING: _entry('BUILD'),
    vs.STOPPED: _entry('SHUTOFF', resize=_RESIZING, rebuild=_REBUILDING),
    # A resize that waits for confirmation; confirming it keeps showing
    # VERIFY_RESIZE (Nova has no CONFIRMING_RESIZE status).
    vs.RESIZED: _entry('VERIFY_RESIZE',
                       revert={ts.RESIZE_REVERTING: 'REVERT_RESIZE'}),
    vs.PAUSED: _entry('PAUSED', migrate={ts.MIGRATING: 'MIGRATING'}),
    vs.SUSPENDED: _entry('SUSPENDED'),
    vs.RESCUED: _entry('RESCUE'),
    vs.ERROR: _entry('ERROR', rebuild=_REBUILDING),
    vs.DELETED: _entry('DELETED'),
    vs.SOFT_DELETED: _entry('SOFT_DELETED'),
    vs.SHELVED: _entry('SHELVED'),
    vs.SHELVED_OFFLOADED: _entry('SHELVED_OFFLOADED'),
}

# Every status some state combination shows.
ALL_STATUSES = frozenset(status for entry in STATUS_BY_STATE.values()
                         for status in entry.values())


def status_from_state(vm_state, task_state=None):
    """The API status of a server in ``vm_state`` running ``task_state``.

    An unknown vm_state gives ``UNKNOWN`` (and an error in the log: the
    database holds a state this code does not know).
    """
    entry = STATUS_BY_STATE.get(vm_state)
    if entry is None:
        LOG.error('status is UNKNOWN from vm_state=%(vm_state)s '
                  'task_state=%(task_state)s. Bad upgrade or db corrupted?',
                  {'vm_state': vm_state, 'task_state': task_state})
        return UNKNOWN
    return entry.get(task_state, entry[DEFAULT])


def server_status(instance):
    """The status of an Instance object; ``DELETED`` once it is deleted."""
    if instance.obj_attr_is_set('deleted') and instance.deleted:
        return 'DELETED'
    return status_from_state(instance.vm_state, instance.task_state)


def states_for_statuses(statuses):
    """The (vm_states, task_states) that show any of ``statuses``.

    Case-insensitive. Both lists are sorted; task_states contains
    ``DEFAULT`` when a status is some vm_state's usual one, which means
    "do not filter on the task". Two empty lists: no such status.
    """
    wanted = {status.upper() for status in statuses}
    vm_matches, task_matches = set(), set()
    for vm_state, entry in STATUS_BY_STATE.items():
        for task_state, status in entry.items():
            if status in wanted:
                vm_matches.add(vm_state)
                task_matches.add(task_state)
    return sorted(vm_matches), sorted(task_matches)
