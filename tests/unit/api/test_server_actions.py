"""POST /servers/{id}/action through the whole API stack.

The server is a real Instance (SQLite behind the fake conductor); the
compute.api action methods are mocks, so these tests check what the REST
layer does: dispatch, schemas per microversion, policies, the loading of
the server, refusals and the response.
"""

from unittest import mock

import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from tests import api_schemas
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers

READER = 'rita:p1:reader'
UUID = '8d3e3c8c-3a29-4f1f-9d5a-3a3b7e0f6c11'
ACTION_METHODS = ('reboot', 'stop', 'start', 'pause', 'unpause', 'suspend',
                  'resume', 'lock', 'unlock', 'reset_state',
                  'get_console_output')


@pytest.fixture
def compute(api):
    """compute.api.API's action methods, mocked."""
    mocks = {}
    patchers = [mock.patch.object(compute_api.API, name, create=True)
                for name in ACTION_METHODS]
    for name, patcher in zip(ACTION_METHODS, patchers):
        mocks[name] = patcher.start()
    mocks['get_console_output'].return_value = 'line 1\nline 2\n'
    yield mock.Mock(**mocks)
    for patcher in patchers:
        patcher.stop()


def make_server(project='p1', user='alice', **values):
    ctx = nl_context.get_admin_context()
    flavor = objects.Flavor(id=1, flavorid='1', name='m1.tiny',
                            memory_mb=512, vcpus=1, root_gb=1,
                            ephemeral_gb=0, swap=0, extra_specs={})
    fields = dict(uuid=UUID, project_id=project, user_id=user,
                  display_name='web', vm_state=vm_states.ACTIVE,
                  power_state=1, host='host1', node='host1', locked=False,
                  flavor=flavor)
    fields.update(values)
    instance = objects.Instance(ctx, **fields)
    instance.create()
    return instance


@pytest.fixture
def server(api, compute):
    return make_server()


def act(api, body, token=MEMBER, version=None, status=202):
    return api.post_json('/v2.1/servers/%s/action' % UUID, body,
                         headers=headers(token, version), status=status)


def message(response, code):
    api_schemas.validate('error', None, response.json, code=code)
    return next(iter(response.json.values()))['message']


# --- dispatch -----------------------------------------------------------------

@pytest.mark.parametrize('body,method,args', [
    ({'reboot': {'type': 'SOFT'}}, 'reboot', ('SOFT',)),
    ({'reboot': {'type': 'hard'}}, 'reboot', ('HARD',)),
    ({'os-stop': None}, 'stop', ()),
    ({'os-start': None}, 'start', ()),
    ({'pause': None}, 'pause', ()),
    ({'unpause': None}, 'unpause', ()),
    ({'suspend': None}, 'suspend', ()),
    ({'resume': None}, 'resume', ()),
    ({'unlock': None}, 'unlock', ()),
])
def test_action_calls_compute_api(api, server, compute, body, method, args):
    response = act(api, body)
    assert response.body == b''
    called = getattr(compute, method)
    called.assert_called_once()
    ctx, instance = called.call_args.args[:2]
    assert instance.uuid == UUID and ctx.project_id == 'p1'
    assert called.call_args.args[2:] == args


@pytest.mark.parametrize('body,text', [
    ({'nope': None}, 'There is no such action: nope'),
    ({'reboot': {'type': 'SOFT'}, 'pause': None}, 'Malformed request body'),
    ({}, 'Malformed request body'),
    ({'reboot': {'type': 'FAST'}}, "Invalid input for field/attribute type"),
    ({'reboot': {}}, "'type' is a required property"),
    ({'reboot': None}, 'Invalid input'),
    ({'os-resetState': {'state': 'stopped'}}, 'Invalid input'),
    ({'os-getConsoleOutput': {'length': 'ten'}}, 'Invalid input'),
    ({'os-getConsoleOutput': {'length': -2}}, 'Invalid input'),
    ({'os-getConsoleOutput': {'lines': 3}}, 'Additional properties'),
])
def test_bad_bodies_are_400(api, server, compute, body, text):
    response = act(api, body, token=ADMIN, status=400)
    assert text in message(response, 400)
    for name in ACTION_METHODS:
        getattr(compute, name).assert_not_called()


def test_not_a_json_object_is_400(api, server, compute):
    response = act(api, ['reboot'], status=400)
    assert message(response, 400)


def test_another_projects_server_is_404(api, server, compute):
    response = act(api, {'os-stop': None}, token=OTHER, status=404)
    assert message(response, 404) == 'Instance %s could not be found.' % UUID
    compute.stop.assert_not_called()


def test_missing_server_is_404(api, compute):
    act(api, {'os-stop': None}, status=404)


@pytest.mark.parametrize('body', [{'os-stop': None}, {'pause': None},
                                  {'suspend': None}, {'lock': None},
                                  {'reboot': {'type': 'SOFT'}},
                                  {'os-getConsoleOutput': {}}])
def test_reader_may_not_act(api, server, compute, body):
    response = act(api, body, token=READER, status=403)
    assert 'Policy doesn' in message(response, 403)


def test_admin_acts_on_any_project(api, server, compute):
    act(api, {'pause': None}, token=ADMIN)
    compute.pause.assert_called_once()


# --- refusals of compute.api ----------------------------------------------------

@pytest.mark.parametrize('body,verb', [
    ({'os-stop': None}, 'stop'), ({'os-start': None}, 'start'),
    ({'pause': None}, 'pause'), ({'resume': None}, 'resume'),
    ({'reboot': {'type': 'HARD'}}, 'reboot'),
])
def test_invalid_state_is_409_with_novas_message(api, server, compute, body,
                                                 verb):
    method = {'os-stop': 'stop', 'os-start': 'start'}.get(
        next(iter(body)), next(iter(body)))
    getattr(compute, method).side_effect = exception.InstanceInvalidState(
        attr='vm_state', instance_uuid=UUID, state='stopped',
        method=method)
    response = act(api, body, status=409)
    assert message(response, 409) == (
        "Cannot '%s' instance %s while it is in vm_state stopped"
        % (verb, UUID))


def test_locked_server_is_409(api, server, compute):
    compute.stop.side_effect = exception.InstanceIsLocked(instance_uuid=UUID)
    response = act(api, {'os-stop': None}, status=409)
    assert message(response, 409) == 'Instance %s is locked' % UUID


def test_concurrent_task_is_409(api, server, compute):
    compute.pause.side_effect = exception.UnexpectedTaskStateError(
        instance_uuid=UUID, expected=None, actual='powering-off')
    act(api, {'pause': None}, status=409)


# --- lock / unlock --------------------------------------------------------------

@pytest.mark.parametrize('version,body,reason', [
    (None, {'lock': None}, None),
    ('2.72', {'lock': {'locked_reason': 'ignored before 2.73'}}, None),
    ('2.73', {'lock': None}, None),
    ('2.73', {'lock': {}}, None),
    ('2.73', {'lock': {'locked_reason': 'maintenance'}}, 'maintenance'),
    ('2.73', {'lock': {'locked_reason': 'x' * 255}}, 'x' * 255),
])
def test_lock_reason(api, server, compute, version, body, reason):
    act(api, body, version=version)
    assert compute.lock.call_args.kwargs == {'reason': reason}


@pytest.mark.parametrize('body', [
    {'lock': {'locked_reason': ''}},
    {'lock': {'locked_reason': 'x' * 256}},
    {'lock': {'locked_reason': 5}},
    {'lock': {'reason': 'typo'}},
    {'lock': 'please'},
])
def test_lock_bad_reason_at_2_73(api, server, compute, body):
    act(api, body, version='2.73', status=400)
    compute.lock.assert_not_called()


def test_unlock_of_admins_lock_needs_the_override(api, compute):
    make_server(locked=True, locked_by='admin')
    response = act(api, {'unlock': None}, status=403)
    assert 'unlock:unlock_override' in message(response, 403)
    compute.unlock.assert_not_called()
    act(api, {'unlock': None}, token=ADMIN)
    compute.unlock.assert_called_once()


def test_owner_unlocks_own_lock(api, compute):
    make_server(locked=True, locked_by='owner')
    act(api, {'unlock': None})
    compute.unlock.assert_called_once()


# --- os-resetState --------------------------------------------------------------

def test_reset_state_is_for_admins(api, server, compute):
    response = act(api, {'os-resetState': {'state': 'error'}}, status=403)
    assert 'os-admin-actions:reset_state' in message(response, 403)
    act(api, {'os-resetState': {'state': 'error'}}, token=ADMIN)
    assert compute.reset_state.call_args.args[2:] == ('error',)


# --- os-getConsoleOutput --------------------------------------------------------

@pytest.mark.parametrize('value,tail', [
    ({}, None), ({'length': None}, None), ({'length': -1}, None),
    ({'length': 5}, 5), ({'length': '3'}, 3), ({'length': 0}, 0),
])
def test_console_output(api, server, compute, value, tail):
    compute.get_console_output.return_value = 'boot\x07ed\r\nlogin:\t\n'
    response = act(api, {'os-getConsoleOutput': value}, status=200)
    api_schemas.validate('servers.console_output', None, response.json)
    assert response.json == {'output': 'booted\nlogin:\t\n'}
    assert compute.get_console_output.call_args.kwargs == {
        'tail_length': tail}


def test_console_output_of_unscheduled_server_is_409(api, server, compute):
    compute.get_console_output.side_effect = exception.InstanceNotReady(
        instance_id=UUID)
    act(api, {'os-getConsoleOutput': {}}, status=409)


# --- the registry and the route ---------------------------------------------------

def test_every_action_declares_its_schemas():
    from nova_lite.api.openstack.compute import action_registry
    from nova_lite.api.openstack.compute import server_actions  # noqa: F401
    actions = action_registry.all_actions()
    for name in ('reboot', 'os-stop', 'os-start', 'pause', 'unpause',
                 'suspend', 'resume', 'lock', 'unlock', 'os-resetState',
                 'os-getConsoleOutput'):
        action = actions[name]
        assert action.body and action.response, name
        assert action.body[0][1] == '2.1', name
    assert actions['os-getConsoleOutput'].status == 200


def test_response_check_refuses_a_wrong_body(api, server, compute):
    """[api] response_validation = error: a handler's body that does not
    match the action's schema is a 500, never sent."""
    from nova_lite.api.openstack.compute import console_output
    with mock.patch.object(console_output, '_CONTROL') as control:
        control.sub.return_value = 42
        act(api, {'os-getConsoleOutput': {}}, status=500)
