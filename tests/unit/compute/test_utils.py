"""Events, faults and the error state shared by the compute and the
conductor's build tasks."""

import sys
from unittest import mock

import pytest

from nova_lite.compute import utils
from nova_lite import exception
from nova_lite import objects

objects.register_all()


def _raise(exc):
    try:
        raise exc
    except Exception:
        return sys.exc_info()


def test_fault_of_our_exception_keeps_code_message_and_details():
    exc = exception.NoValidHost(reason='There are not enough hosts '
                                'available.', details='RamFilter: 2 -> 0')
    code, message, details = utils.fault_from_exc(exc)
    assert code == 500
    assert message == ('No valid host was found. There are not enough hosts '
                       'available.')
    assert details == 'RamFilter: 2 -> 0'
    assert utils.fault_from_exc(exception.InstanceNotFound(
        instance_id='x'))[0] == 404


def test_fault_of_another_exception_is_named_after_its_class():
    _, exc, tb = _raise(KeyError('k'))
    code, message, details = utils.fault_from_exc(exc, tb)
    assert (code, message) == (500, 'KeyError')
    assert details.startswith("'k'\n") and 'Traceback' not in message
    assert '_raise' in details


@pytest.fixture
def events():
    with mock.patch.object(objects, 'InstanceActionEvent') as event_cls:
        yield event_cls


def test_event_reporter_success(events):
    with utils.EventReporter('ctx', 'ev', 'h', 'u1', 'u2'):
        pass
    assert events.event_start.call_count == 2
    events.event_start.assert_any_call('ctx', 'u1', 'ev', want_result=False,
                                       host='h')
    events.event_finish.assert_any_call('ctx', 'u2', 'ev',
                                        want_result=False)


def test_event_reporter_failure_propagates(events):
    with pytest.raises(ValueError):
        with utils.EventReporter('ctx', 'ev', 'h', 'u1'):
            raise ValueError('bad')
    kwargs = events.event_finish_with_failure.call_args.kwargs
    assert str(kwargs['exc_val']) == 'bad' and kwargs['exc_tb'] is not None


def test_event_reporter_skips_instances_without_action(events):
    events.event_start.side_effect = [
        exception.InstanceActionNotFound(request_id='r', instance_uuid='u1'),
        None]
    with utils.EventReporter('ctx', 'ev', 'h', 'u1', 'u2'):
        pass
    events.event_finish.assert_called_once_with('ctx', 'u2', 'ev',
                                                want_result=False)


def test_event_recording_errors_never_fail_the_work(events):
    events.event_start.side_effect = OSError('conductor away')
    with utils.EventReporter('ctx', 'ev', 'h', 'u1'):
        pass
    events.event_finish.assert_not_called()


def test_set_error_state_loses_to_a_delete():
    instance = mock.Mock(uuid='u1')
    instance.save.side_effect = exception.UnexpectedTaskStateError(
        expected=['spawning'], actual='deleting')
    assert not utils.set_error_state('ctx', instance, ['spawning'])
    instance.save.side_effect = exception.InstanceNotFound(instance_id='u1')
    assert not utils.set_error_state('ctx', instance, ['spawning'])
    instance.save.side_effect = None
    assert utils.set_error_state('ctx', instance, ['spawning'])
    instance.save.assert_called_with(expected_task_state=['spawning'])
    assert (instance.vm_state, instance.task_state) == ('error', None)


def test_fault_comes_before_the_error_state():
    order = []
    instance = mock.Mock(uuid='u1')
    instance.save.side_effect = lambda **kw: order.append('save')
    with mock.patch.object(objects, 'InstanceFault') as fault_cls:
        fault_cls.return_value.create.side_effect = (
            lambda: order.append('fault'))
        assert utils.set_error_with_fault('ctx', instance, KeyError('k'),
                                          'h', None, ['spawning'])
    assert order == ['fault', 'save']
    assert fault_cls.call_args.kwargs['message'] == 'KeyError'


def test_release_allocations_logs_and_never_raises():
    with mock.patch.object(objects.AllocationList, 'delete_by_consumer',
                           return_value=3) as release:
        assert utils.release_allocations('ctx', 'u1', 'why') == 3
    release.assert_called_once_with('ctx', 'u1')
    with mock.patch.object(objects.AllocationList, 'delete_by_consumer',
                           side_effect=OSError):
        assert utils.release_allocations('ctx', 'u1', 'why') == 0
