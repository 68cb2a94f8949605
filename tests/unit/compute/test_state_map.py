"""vm_state/task_state -> API status, and back for the status filter."""

import pytest

from nova_lite.compute import state_map
from nova_lite.compute import task_states as ts
from nova_lite.compute import vm_states as vs
from nova_lite import objects

objects.register_all()

# Every pair Nova's API documents (its _STATE_MAP), written out by hand so
# that a change to the table shows up here.
DOCUMENTED = [
    (vs.ACTIVE, None, 'ACTIVE'),
    (vs.ACTIVE, ts.REBOOTING, 'REBOOT'),
    (vs.ACTIVE, ts.REBOOT_PENDING, 'REBOOT'),
    (vs.ACTIVE, ts.REBOOT_STARTED, 'REBOOT'),
    (vs.ACTIVE, ts.REBOOTING_HARD, 'HARD_REBOOT'),
    (vs.ACTIVE, ts.REBOOT_PENDING_HARD, 'HARD_REBOOT'),
    (vs.ACTIVE, ts.REBOOT_STARTED_HARD, 'HARD_REBOOT'),
    (vs.ACTIVE, ts.UPDATING_PASSWORD, 'PASSWORD'),
    (vs.ACTIVE, ts.REBUILDING, 'REBUILD'),
    (vs.ACTIVE, ts.REBUILD_BLOCK_DEVICE_MAPPING, 'REBUILD'),
    (vs.ACTIVE, ts.REBUILD_SPAWNING, 'REBUILD'),
    (vs.ACTIVE, ts.MIGRATING, 'MIGRATING'),
    (vs.ACTIVE, ts.RESIZE_PREP, 'RESIZE'),
    (vs.ACTIVE, ts.RESIZE_MIGRATING, 'RESIZE'),
    (vs.ACTIVE, ts.RESIZE_MIGRATED, 'RESIZE'),
    (vs.ACTIVE, ts.RESIZE_FINISH, 'RESIZE'),
    (vs.ACTIVE, ts.DELETING, 'ACTIVE'),
    (vs.ACTIVE, ts.PAUSING, 'ACTIVE'),
    (vs.ACTIVE, ts.POWERING_OFF, 'ACTIVE'),
    (vs.BUILDING, None, 'BUILD'),
    (vs.BUILDING, ts.SCHEDULING, 'BUILD'),
    (vs.BUILDING, ts.SPAWNING, 'BUILD'),
    (vs.BUILDING, ts.DELETING, 'BUILD'),
    (vs.STOPPED, None, 'SHUTOFF'),
    (vs.STOPPED, ts.POWERING_ON, 'SHUTOFF'),
    (vs.STOPPED, ts.RESIZE_PREP, 'RESIZE'),
    (vs.STOPPED, ts.RESIZE_MIGRATING, 'RESIZE'),
    (vs.STOPPED, ts.RESIZE_MIGRATED, 'RESIZE'),
    (vs.STOPPED, ts.RESIZE_FINISH, 'RESIZE'),
    (vs.STOPPED, ts.REBUILDING, 'REBUILD'),
    (vs.STOPPED, ts.REBUILD_BLOCK_DEVICE_MAPPING, 'REBUILD'),
    (vs.STOPPED, ts.REBUILD_SPAWNING, 'REBUILD'),
    (vs.RESIZED, None, 'VERIFY_RESIZE'),
    (vs.RESIZED, ts.RESIZE_CONFIRMING, 'VERIFY_RESIZE'),
    (vs.RESIZED, ts.RESIZE_REVERTING, 'REVERT_RESIZE'),
    (vs.PAUSED, None, 'PAUSED'),
    (vs.PAUSED, ts.UNPAUSING, 'PAUSED'),
    (vs.PAUSED, ts.MIGRATING, 'MIGRATING'),
    (vs.SUSPENDED, None, 'SUSPENDED'),
    (vs.SUSPENDED, ts.RESUMING, 'SUSPENDED'),
    (vs.RESCUED, None, 'RESCUE'),
    (vs.ERROR, None, 'ERROR'),
    (vs.ERROR, ts.DELETING, 'ERROR'),
    (vs.ERROR, ts.REBUILDING, 'REBUILD'),
    (vs.ERROR, ts.REBUILD_BLOCK_DEVICE_MAPPING, 'REBUILD'),
    (vs.ERROR, ts.REBUILD_SPAWNING, 'REBUILD'),
    (vs.DELETED, None, 'DELETED'),
    (vs.SOFT_DELETED, None, 'SOFT_DELETED'),
    (vs.SHELVED, None, 'SHELVED'),
    (vs.SHELVED_OFFLOADED, None, 'SHELVED_OFFLOADED'),
]


@pytest.mark.parametrize('vm_state,task_state,status', DOCUMENTED)
def test_status_from_state(vm_state, task_state, status):
    assert state_map.status_from_state(vm_state, task_state) == status


def test_every_vm_state_has_a_status():
    for vm_state in vs.ALL:
        assert state_map.status_from_state(vm_state) != state_map.UNKNOWN


def test_unknown_vm_state_is_logged(caplog):
    assert state_map.status_from_state('melted', None) == 'UNKNOWN'
    assert 'vm_state=melted' in caplog.text


def test_deleted_instance_shows_deleted_whatever_its_states():
    instance = objects.Instance(vm_state=vs.ACTIVE, task_state=None,
                                deleted=True)
    assert state_map.server_status(instance) == 'DELETED'
    instance.deleted = False
    assert state_map.server_status(instance) == 'ACTIVE'


@pytest.mark.parametrize('statuses,vm_expected,task_expected', [
    (['ACTIVE'], [vs.ACTIVE], ['default']),
    (['active'], [vs.ACTIVE], ['default']),
    (['BUILD'], [vs.BUILDING], ['default']),
    (['ERROR'], [vs.ERROR], ['default']),
    (['SHUTOFF'], [vs.STOPPED], ['default']),
    (['REBOOT'], [vs.ACTIVE],
     sorted([ts.REBOOTING, ts.REBOOT_PENDING, ts.REBOOT_STARTED])),
    (['HARD_REBOOT'], [vs.ACTIVE],
     sorted([ts.REBOOTING_HARD, ts.REBOOT_PENDING_HARD,
             ts.REBOOT_STARTED_HARD])),
    (['REBUILD'], sorted([vs.ACTIVE, vs.ERROR, vs.STOPPED]),
     sorted([ts.REBUILDING, ts.REBUILD_BLOCK_DEVICE_MAPPING,
             ts.REBUILD_SPAWNING])),
    (['MIGRATING'], sorted([vs.ACTIVE, vs.PAUSED]), [ts.MIGRATING]),
    (['VERIFY_RESIZE'], [vs.RESIZED], ['default']),
    (['REVERT_RESIZE'], [vs.RESIZED], [ts.RESIZE_REVERTING]),
    (['ACTIVE', 'ERROR'], sorted([vs.ACTIVE, vs.ERROR]), ['default']),
    (['DELETED'], [vs.DELETED], ['default']),
    (['NO_SUCH_STATUS'], [], []),
])
def test_states_for_statuses(statuses, vm_expected, task_expected):
    expected = (vm_expected, task_expected)
    assert state_map.states_for_statuses(statuses) == expected


def test_every_status_maps_back_to_its_states():
    for vm_state, entry in state_map.STATUS_BY_STATE.items():
        for task_state, status in entry.items():
            vm_found, task_found = state_map.states_for_statuses([status])
            assert vm_state in vm_found
            assert task_state in task_found
