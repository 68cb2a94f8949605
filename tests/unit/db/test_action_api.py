"""db/action_api.py: the history queries os-instance-actions reads."""

import datetime

import pytest

from nova_lite.db import action_api
from nova_lite.db import instance_api
from nova_lite import exception

UUID = 'a3b0c1d2-0000-4000-8000-000000000001'
T0 = datetime.datetime(2025, 1, 1, 12, 0, 0)


def _minutes(n):
    return T0 + datetime.timedelta(minutes=n)


@pytest.fixture
def instance(db):
    return instance_api.instance_create({
        'uuid': UUID, 'project_id': 'p1', 'user_id': 'u1',
        'vm_state': 'active'})


def _start(request_id, minute, name='stop'):
    return action_api.action_start({
        'action': name, 'instance_uuid': UUID, 'request_id': request_id,
        'user_id': 'u1', 'project_id': 'p1', 'start_time': _minutes(minute),
        'updated_at': _minutes(minute)})


def test_events_touch_their_action(instance):
    _start('req-1', 0)
    action_api.action_event_start(UUID, 'req-1', {
        'event': 'compute_stop_instance', 'start_time': _minutes(1)})
    touched = action_api.action_get_by_request_id(UUID, 'req-1').updated_at
    assert touched is not None and touched > _minutes(0)
    action_api.action_event_finish(
        UUID, 'req-1', 'compute_stop_instance',
        {'finish_time': _minutes(2), 'result': 'Error'})
    action = action_api.action_get_by_request_id(UUID, 'req-1')
    assert action.message == 'Error' and action.updated_at >= touched


def test_actions_get_filters_on_updated_at(instance):
    for index in range(3):
        _start('req-%d' % index, index * 10)
    found = action_api.actions_get(UUID, filters={
        'changes-since': _minutes(5)})
    assert [a.request_id for a in found] == ['req-2', 'req-1']
    found = action_api.actions_get(UUID, filters={
        'changes-since': _minutes(5), 'changes-before': _minutes(10)})
    assert [a.request_id for a in found] == ['req-1']
    found = action_api.actions_get(UUID, filters={
        'changes-before': _minutes(-1)})
    assert found == []


def test_actions_get_pages_by_request_id(instance):
    for index in range(3):
        _start('req-%d' % index, index)
    first = action_api.actions_get(UUID, limit=2)
    assert [a.request_id for a in first] == ['req-2', 'req-1']
    rest = action_api.actions_get(UUID, limit=2, marker='req-1')
    assert [a.request_id for a in rest] == ['req-0']
    with pytest.raises(exception.MarkerNotFound):
        action_api.actions_get(UUID, marker='req-9')
