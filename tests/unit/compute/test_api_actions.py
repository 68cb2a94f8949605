"""compute.api.API's simple actions (compute/api_actions.py) on real
objects (SQLite) behind a fake conductor; the RPC client is a mock."""

from unittest import mock

from oslo_utils import timeutils
import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from tests.unit import boot_fakes


@pytest.fixture
def api():
    the_api = compute_api.API()
    the_api.compute_task_api = mock.Mock()
    the_api.compute_rpcapi = mock.Mock()
    return the_api


def _make(ctx, vm_state=vm_states.ACTIVE, task_state=None, host='host1',
          launched=True, **values):
    [instance] = boot_fakes.create_instances(ctx,
                                             boot_fakes.request_spec(ctx))
    values = dict(
        host=host, node=host, vm_state=vm_state, task_state=task_state,
        power_state=power_state.RUNNING,
        launched_at=timeutils.utcnow() if launched else None, **values)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    return instance


@pytest.fixture
def server(conductor, user_ctx):
    """An ACTIVE server of the user's project on host1."""
    return _make(user_ctx)


def _stored(ctx, instance):
    return objects.Instance.get_by_uuid(ctx, instance.uuid)


def _actions(ctx, instance):
    """The names of the instance's actions, oldest first."""
    return [action.action for action in reversed(
        objects.InstanceActionList.get_by_instance_uuid(ctx, instance.uuid))]


# --- the power actions: state, CAS, action, cast ------------------------------

POWER_ACTIONS = [
    # method, from vm_state, task set, action, rpcapi method
    ('stop', vm_states.ACTIVE, task_states.POWERING_OFF, 'stop_instance'),
    ('stop', vm_states.ERROR, task_states.POWERING_OFF, 'stop_instance'),
    ('start', vm_states.STOPPED, task_states.POWERING_ON, 'start_instance'),
    ('pause', vm_states.ACTIVE, task_states.PAUSING, 'pause_instance'),
    ('unpause', vm_states.PAUSED, task_states.UNPAUSING, 'unpause_instance'),
    ('suspend', vm_states.ACTIVE, task_states.SUSPENDING, 'suspend_instance'),
    ('resume', vm_states.SUSPENDED, task_states.RESUMING, 'resume_instance'),
]


@pytest.mark.parametrize('method, vm_state, task, rpc', POWER_ACTIONS)
def test_power_action(api, conductor, user_ctx, method, vm_state, task, rpc):
    instance = _make(user_ctx, vm_state=vm_state)
    del conductor.calls[:]
    getattr(api, method)(user_ctx, instance)
    # The CAS save, then the action: two round trips, then the cast.
    assert conductor.calls == [('Instance', 'save'),
                               ('InstanceAction', 'action_start')]
    getattr(api.compute_rpcapi, rpc).assert_called_once_with(
        user_ctx, instance=instance)
    stored = _stored(user_ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vm_state, task)
    assert instance.task_state == task
    assert _actions(user_ctx, instance) == ['create', method]


@pytest.mark.parametrize('method, vm_state', [
    ('stop', vm_states.STOPPED), ('stop', vm_states.PAUSED),
    ('start', vm_states.ACTIVE), ('start', vm_states.ERROR),
    ('pause', vm_states.PAUSED), ('pause', vm_states.STOPPED),
    ('unpause', vm_states.ACTIVE), ('suspend', vm_states.SUSPENDED),
    ('suspend', vm_states.PAUSED), ('resume', vm_states.ACTIVE),
    ('reboot', vm_states.RESIZED), ('reboot', vm_states.BUILDING),
])
def test_refused_in_the_wrong_vm_state(api, conductor, user_ctx, method,
                                       vm_state):
    instance = _make(user_ctx, vm_state=vm_state)
    args = ('HARD',) if method == 'reboot' else ()
    with pytest.raises(exception.InstanceInvalidState) as info:
        getattr(api, method)(user_ctx, instance, *args)
    assert info.value.code == 409
    assert info.value.format_message() == (
        "Cannot '%s' instance %s while it is in vm_state %s"
        % (method, instance.uuid, vm_state))
    assert _stored(user_ctx, instance).task_state is None
    assert _actions(user_ctx, instance) == ['create']
    assert not api.compute_rpcapi.method_calls


@pytest.mark.parametrize('method', ['stop', 'pause', 'suspend'])
def test_refused_while_a_task_runs(api, conductor, user_ctx, method):
    instance = _make(user_ctx, task_state=task_states.REBOOTING)
    with pytest.raises(exception.InstanceInvalidState,
                       match="while it is in task_state rebooting"):
        getattr(api, method)(user_ctx, instance)
    assert not api.compute_rpcapi.method_calls


def test_refused_when_never_launched(api, conductor, user_ctx):
    instance = _make(user_ctx, vm_state=vm_states.ERROR, launched=False)
    with pytest.raises(exception.InstanceInvalidState,
                       match="while it is in launched_at None"):
        api.stop(user_ctx, instance)


@pytest.mark.parametrize('method', ['stop', 'pause', 'reboot',
                                    'get_console_output'])
def test_refused_without_a_host(api, conductor, user_ctx, method):
    instance = _make(user_ctx, host=None)
    args = ('SOFT',) if method == 'reboot' else ()
    with pytest.raises(exception.InstanceNotReady):
        getattr(api, method)(user_ctx, instance, *args)
    assert not api.compute_rpcapi.method_calls


def test_the_loser_of_a_race_gets_409(api, conductor, user_ctx, server):
    """Two requests loaded the same server; both pass the state check but
    only the first compare-and-swap succeeds."""
    stale = _stored(user_ctx, server)
    api.pause(user_ctx, server)
    with pytest.raises(exception.InstanceInvalidState) as info:
        api.stop(user_ctx, stale)
    assert info.value.format_message() == (
        "Cannot 'stop' instance %s while it is in task_state pausing"
        % server.uuid)
    assert info.value.code == 409
    # Only the winner recorded an action and was cast.
    assert _actions(user_ctx, server) == ['create', 'pause']
    api.compute_rpcapi.pause_instance.assert_called_once()
    api.compute_rpcapi.stop_instance.assert_not_called()
    assert _stored(user_ctx, server).task_state == task_states.PAUSING


# --- reboot -----------------------------------------------------------------

@pytest.mark.parametrize('reboot_type, vm_state, task_before, task', [
    ('SOFT', vm_states.ACTIVE, None, task_states.REBOOTING),
    ('HARD', vm_states.ACTIVE, None, task_states.REBOOTING_HARD),
    ('HARD', vm_states.STOPPED, None, task_states.REBOOTING_HARD),
    ('HARD', vm_states.PAUSED, None, task_states.REBOOTING_HARD),
    ('HARD', vm_states.SUSPENDED, None, task_states.REBOOTING_HARD),
    ('HARD', vm_states.ERROR, None, task_states.REBOOTING_HARD),
    # A hard reboot gets a guest stuck in a task back, as in Nova.
    ('HARD', vm_states.ACTIVE, task_states.REBOOTING,
     task_states.REBOOTING_HARD),
    ('HARD', vm_states.ACTIVE, task_states.PAUSING,
     task_states.REBOOTING_HARD),
])
def test_reboot(api, conductor, user_ctx, reboot_type, vm_state, task_before,
                task):
    instance = _make(user_ctx, vm_state=vm_state, task_state=task_before)
    api.reboot(user_ctx, instance, reboot_type)
    api.compute_rpcapi.reboot_instance.assert_called_once_with(
        user_ctx, instance=instance, reboot_type=reboot_type)
    assert _stored(user_ctx, instance).task_state == task
    assert _actions(user_ctx, instance) == ['create', 'reboot']


@pytest.mark.parametrize('reboot_type, vm_state, task_state, attr', [
    ('SOFT', vm_states.STOPPED, None, 'vm_state stopped'),
    ('SOFT', vm_states.ERROR, None, 'vm_state error'),
    ('SOFT', vm_states.ACTIVE, task_states.REBOOTING,
     'task_state rebooting'),
    ('HARD', vm_states.ACTIVE, task_states.DELETING, 'task_state deleting'),
    ('HARD', vm_states.ACTIVE, task_states.POWERING_OFF,
     'task_state powering-off'),
])
def test_reboot_refused(api, conductor, user_ctx, reboot_type, vm_state,
                        task_state, attr):
    instance = _make(user_ctx, vm_state=vm_state, task_state=task_state)
    with pytest.raises(exception.InstanceInvalidState) as info:
        api.reboot(user_ctx, instance, reboot_type)
    assert info.value.format_message() == (
        "Cannot 'reboot' instance %s while it is in %s"
        % (instance.uuid, attr))
    api.compute_rpcapi.reboot_instance.assert_not_called()


# --- lock -------------------------------------------------------------------

@pytest.mark.parametrize('method, args', [
    ('stop', ()), ('pause', ()), ('reboot', ('SOFT',)),
    ('update_instance_metadata', ({'a': 'b'},)),
    ('delete_instance_metadata', ('k',)), ('delete', ()),
])
def test_a_locked_server_refuses_its_owner(api, conductor, user_ctx,
                                           admin_ctx, server, method, args):
    server.metadata = {'k': 'v'}
    server.save()
    api.lock(user_ctx, server)
    with pytest.raises(exception.InstanceIsLocked) as info:
        getattr(api, method)(user_ctx, server, *args)
    assert info.value.code == 409
    assert info.value.format_message() == (
        'Instance %s is locked' % server.uuid)
    assert not api.compute_rpcapi.method_calls
    # An administrator may act on it.
    getattr(api, method)(admin_ctx, server, *args)


def test_lock_by_owner_and_unlock(api, conductor, user_ctx, server):
    api.lock(user_ctx, server, reason='maintenance')
    stored = _stored(user_ctx, server)
    assert (stored.locked, stored.locked_by, stored.locked_reason) == (
        True, 'owner', 'maintenance')
    # Locking again as the owner changes nothing and records nothing.
    api.lock(user_ctx, server, reason='other')
    assert _stored(user_ctx, server).locked_reason == 'maintenance'
    api.unlock(user_ctx, server)
    stored = _stored(user_ctx, server)
    assert (stored.locked, stored.locked_by, stored.locked_reason) == (
        False, None, None)
    assert _actions(user_ctx, server) == ['create', 'lock', 'unlock']
    assert not api.compute_rpcapi.method_calls


def test_lock_by_admin_records_its_event(api, conductor, admin_ctx, server):
    api.lock(admin_ctx, server)
    stored = _stored(admin_ctx, server)
    assert (stored.locked, stored.locked_by, stored.locked_reason) == (
        True, 'admin', None)
    action = objects.InstanceAction.get_by_request_id(
        admin_ctx, server.uuid, admin_ctx.request_id)
    [event] = objects.InstanceActionEventList.get_by_action(
        admin_ctx, action.id)
    assert (action.action, event.event, event.result) == (
        'lock', 'api_lock', 'Success')


# --- reset state ------------------------------------------------------------

@pytest.mark.parametrize('state, vm_state', [('active', vm_states.ACTIVE),
                                             ('error', vm_states.ERROR)])
def test_reset_state(api, conductor, admin_ctx, state, vm_state):
    instance = _make(admin_ctx, vm_state=vm_states.STOPPED,
                     task_state=task_states.POWERING_ON)
    api.reset_state(admin_ctx, instance, state)
    stored = _stored(admin_ctx, instance)
    assert (stored.vm_state, stored.task_state) == (vm_state, None)
    assert _actions(admin_ctx, instance) == ['create', 'resetState']
    assert not api.compute_rpcapi.method_calls


def test_reset_state_refuses_other_states(api, conductor, admin_ctx, server):
    with pytest.raises(exception.InvalidInput):
        api.reset_state(admin_ctx, server, 'stopped')
    assert _stored(admin_ctx, server).vm_state == vm_states.ACTIVE


# --- metadata and display fields ---------------------------------------------

def test_update_metadata_merges_or_replaces(api, conductor, user_ctx,
                                            server):
    server.metadata = {'a': '1', 'b': '2'}
    server.save()
    merged = api.update_instance_metadata(user_ctx, server,
                                          {'b': '3', 'c': '4'})
    assert merged == {'a': '1', 'b': '3', 'c': '4'}
    assert _stored(user_ctx, server).metadata == {'a': '1', 'b': '3',
                                                  'c': '4'}
    assert api.update_instance_metadata(user_ctx, server, {'z': '9'},
                                        delete=True) == {'z': '9'}
    assert _stored(user_ctx, server).metadata == {'z': '9'}
    api.delete_instance_metadata(user_ctx, server, 'z')
    assert _stored(user_ctx, server).metadata == {}
    with pytest.raises(exception.MetadataItemNotFound):
        api.delete_instance_metadata(user_ctx, server, 'z')


def test_metadata_quota(api, conductor, conf, user_ctx, server):
    conf.config(metadata_items=2, group='quota')
    api.update_instance_metadata(user_ctx, server, {'a': '1', 'b': '2'})
    with pytest.raises(exception.MetadataLimitExceeded) as info:
        api.update_instance_metadata(user_ctx, server, {'c': '3'})
    assert info.value.code == 403
    assert info.value.format_message() == (
        'Maximum number of metadata items exceeds 2')
    assert _stored(user_ctx, server).metadata == {'a': '1', 'b': '2'}
    # Replacing stays within it.
    api.update_instance_metadata(user_ctx, server, {'c': '3'}, delete=True)


@pytest.mark.parametrize('vm_state, task_state, launched, ok', [
    (vm_states.STOPPED, None, True, True),
    (vm_states.PAUSED, task_states.UNPAUSING, True, True),
    (vm_states.BUILDING, task_states.SPAWNING, False, False),
    (vm_states.ERROR, None, True, False),
])
def test_metadata_state_check(api, conductor, user_ctx, vm_state,
                              task_state, launched, ok):
    instance = _make(user_ctx, vm_state=vm_state, task_state=task_state,
                     launched=launched)
    if ok:
        api.update_instance_metadata(user_ctx, instance, {'a': 'b'})
        return
    with pytest.raises(exception.InstanceInvalidState,
                       match="update_instance_metadata"):
        api.update_instance_metadata(user_ctx, instance, {'a': 'b'})


def test_update_display_fields(api, conductor, user_ctx, server):
    api.lock(user_ctx, server)
    # No lock or state check, as Nova.
    result = api.update(user_ctx, server, display_name='new',
                        display_description='desc')
    assert result is server and server.display_name == 'new'
    stored = _stored(user_ctx, server)
    assert (stored.display_name, stored.display_description) == (
        'new', 'desc')
    with pytest.raises(exception.InvalidInput):
        api.update(user_ctx, server, host='elsewhere')
    assert _stored(user_ctx, server).host == 'host1'


# --- console ----------------------------------------------------------------

def test_get_console_output_asks_the_compute(api, conductor, user_ctx,
                                             server):
    api.compute_rpcapi.get_console_output.return_value = 'line\n'
    assert api.get_console_output(user_ctx, server, tail_length=5) == 'line\n'
    api.compute_rpcapi.get_console_output.assert_called_once_with(
        user_ctx, instance=server, tail_length=5)


def test_refused_before_any_change_while_computes_are_old(api, conductor,
                                                          user_ctx, server):
    api.compute_rpcapi.check_can_send.side_effect = (
        exception.ComputeRPCTooOld(method='stop', version='1.1', cap='1.0'))
    with pytest.raises(exception.ComputeRPCTooOld):
        api.stop(user_ctx, server)
    assert _stored(user_ctx, server).task_state is None
    assert _actions(user_ctx, server) == ['create']
    api.compute_rpcapi.stop_instance.assert_not_called()
