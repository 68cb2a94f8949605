"""The fake driver implements the whole driver contract, its guests kept
in a JSON file per host."""

import json
import os
import threading
from unittest import mock

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt import driver
from nova_lite.virt import fake


@pytest.fixture(autouse=True)
def state_path(conf, tmp_path):
    conf.config(state_path=str(tmp_path))
    return tmp_path


@pytest.fixture
def drv():
    d = fake.FakeDriver()
    d.init_host('host1')
    return d


def test_every_contract_method_is_implemented():
    for name, attr in vars(driver.ComputeDriver).items():
        if callable(attr) and not name.startswith('_'):
            assert getattr(fake.FakeDriver, name) is not attr, name


def test_resources_come_from_config(drv, conf):
    conf.config(vcpus=3, memory_mb=2048, local_gb=40, group='fake_driver')
    res = drv.get_available_resource('host1')
    assert (res['vcpus'], res['memory_mb'], res['local_gb']) == (3, 2048, 40)
    assert drv.get_available_nodes() == ['host1']


def test_spawn_and_destroy(drv):
    inst = mock.Mock(uuid='u1')
    drv.spawn(None, inst, image_meta={})
    assert drv.get_info(inst).state == power_state.RUNNING
    assert drv.list_instances() == ['u1']
    drv.destroy(None, inst)
    drv.destroy(None, inst)  # idempotent
    with pytest.raises(exception.InstanceNotFound):
        drv.get_info(inst)


def test_cpu_info_names_the_architecture(drv):
    import json
    arch = json.loads(drv.get_available_resource('host1')['cpu_info'])['arch']
    assert arch and arch != 'amd64'


def test_spawn_delay(drv, conf):
    conf.config(spawn_delay=0.2, group='fake_driver')
    with mock.patch('time.sleep') as sleep:
        drv.spawn(None, mock.Mock(uuid='u1'), image_meta={})
    sleep.assert_called_once_with(0.2)
    assert drv.list_instances() == ['u1']


@pytest.mark.parametrize('mode, error', [
    ('reschedule', exception.RescheduledException),
    ('fatal', exception.InstanceDeployFailure)])
def test_spawn_failure(drv, conf, mode, error):
    conf.config(spawn_failure=mode, group='fake_driver')
    with pytest.raises(error, match='spawn_failure = ' + mode):
        drv.spawn(None, mock.Mock(uuid='u1'), image_meta={})
    # No guest left behind, as the contract says.
    assert drv.list_instances() == []


def test_spawn_failure_only_on_the_listed_hosts(drv, conf):
    conf.config(spawn_failure='fatal', spawn_failure_hosts=['other'],
                group='fake_driver')
    drv.spawn(None, mock.Mock(uuid='u1'), image_meta={})
    conf.config(spawn_failure_hosts=['other', 'host1'], group='fake_driver')
    with pytest.raises(exception.InstanceDeployFailure):
        drv.spawn(None, mock.Mock(uuid='u2'), image_meta={})


# -- the guests file ----------------------------------------------------------

def _file(state_path, host='host1'):
    return fake.guests_file(str(state_path), host)


def _read(state_path, host='host1'):
    with open(_file(state_path, host)) as f:
        return json.load(f)


def _rewrite(state_path, guests, host='host1'):
    """Change the file behind the driver's back, as a test would."""
    path = _file(state_path, host)
    with open(path + '.edit', 'w') as f:
        json.dump(guests, f)
    os.replace(path + '.edit', path)


def test_guests_are_written_on_every_change(drv, state_path):
    inst = mock.Mock(uuid='u1')
    drv.spawn(None, inst, image_meta={})
    assert _read(state_path) == {'u1': power_state.RUNNING}
    drv.power_off(inst)
    assert _read(state_path) == {'u1': power_state.SHUTDOWN}
    drv.destroy(None, inst)
    assert _read(state_path) == {}
    # Written through a rename: no temporary file is left behind.
    assert os.listdir(os.path.dirname(_file(state_path))) == ['host1.json']


def test_a_restarted_driver_finds_its_guests(drv, state_path):
    drv.spawn(None, mock.Mock(uuid='u1'), image_meta={})
    drv.pause(mock.Mock(uuid='u1'))
    drv.cleanup_host('host1')
    again = fake.FakeDriver()
    again.init_host('host1')
    assert again.list_instances() == ['u1']
    assert again.get_info(mock.Mock(uuid='u1')).state == power_state.PAUSED
    other = fake.FakeDriver()
    other.init_host('host2')
    assert other.list_instances() == []


def test_an_edited_file_is_read_again(drv, state_path):
    inst = mock.Mock(uuid='u1')
    drv.spawn(None, inst, image_meta={})
    _rewrite(state_path, {'u1': power_state.SHUTDOWN, 'u2': 1})
    assert drv.get_info(inst).state == power_state.SHUTDOWN
    assert sorted(drv.list_instances()) == ['u1', 'u2']
    # The guest is started again from the edited state, and the file keeps
    # the other guest.
    drv.power_on(None, inst, None)
    assert _read(state_path) == {'u1': power_state.RUNNING, 'u2': 1}


def test_a_half_written_file_keeps_the_known_guests(drv, state_path):
    inst = mock.Mock(uuid='u1')
    drv.spawn(None, inst, image_meta={})
    with open(_file(state_path), 'w') as f:
        f.write('{"u1": ')
    assert drv.get_info(inst).state == power_state.RUNNING
    _rewrite(state_path, {'u1': power_state.PAUSED})
    assert drv.get_info(inst).state == power_state.PAUSED


def test_a_removed_file_means_no_guests(drv, state_path):
    drv.spawn(None, mock.Mock(uuid='u1'), image_meta={})
    os.unlink(_file(state_path))
    assert drv.list_instances() == []


# -- power and lifecycle actions --------------------------------------------

@pytest.fixture
def running(drv):
    inst = mock.Mock(uuid='u1')
    drv.spawn(None, inst, image_meta={})
    return inst


def _state(drv, inst):
    return drv.get_info(inst).state


def test_power_off_and_on(drv, running):
    drv.power_off(running, timeout=5, retry_interval=1)
    assert _state(drv, running) == power_state.SHUTDOWN
    drv.power_off(running)  # idempotent
    assert _state(drv, running) == power_state.SHUTDOWN
    drv.power_on(None, running, [])
    assert _state(drv, running) == power_state.RUNNING


def test_pause_unpause_suspend_resume(drv, running):
    drv.pause(running)
    assert _state(drv, running) == power_state.PAUSED
    drv.unpause(running)
    assert _state(drv, running) == power_state.RUNNING
    drv.suspend(None, running)
    assert _state(drv, running) == power_state.SUSPENDED
    drv.resume(None, running, [])
    assert _state(drv, running) == power_state.RUNNING
    drv.pause(running)
    drv.suspend(None, running)  # a paused guest can be suspended
    assert _state(drv, running) == power_state.SUSPENDED


@pytest.mark.parametrize('call, state', [
    (lambda d, i: d.pause(i), 'shutdown'),
    (lambda d, i: d.unpause(i), 'shutdown'),
    (lambda d, i: d.suspend(None, i), 'shutdown'),
    (lambda d, i: d.resume(None, i, []), 'shutdown'),
])
def test_actions_refuse_a_guest_in_the_wrong_power_state(drv, running, call,
                                                         state):
    drv.power_off(running)
    with pytest.raises(exception.InstanceInvalidState,
                       match='power_state %s' % state):
        call(drv, running)
    assert _state(drv, running) == power_state.SHUTDOWN


@pytest.mark.parametrize('call', [
    lambda d, i: d.pause(i),
    lambda d, i: d.unpause(i),
    lambda d, i: d.suspend(None, i),
    lambda d, i: d.resume(None, i, []),
    lambda d, i: d.power_off(i),
    lambda d, i: d.reboot(None, i, [], 'SOFT'),
    lambda d, i: d.get_console_output(None, i),
])
def test_actions_on_a_missing_guest(drv, call):
    with pytest.raises(exception.InstanceNotFound):
        call(drv, mock.Mock(uuid='nope'))
    assert drv.list_instances() == []


@pytest.mark.parametrize('reboot_type', ['SOFT', 'HARD'])
def test_reboot_leaves_the_guest_running(drv, running, reboot_type):
    drv.power_off(running)
    drv.reboot(None, running, [], reboot_type)
    assert _state(drv, running) == power_state.RUNNING


def test_hard_reboot_and_power_on_recreate_a_lost_guest(drv):
    drv.reboot(None, mock.Mock(uuid='u1'), [], 'HARD')
    drv.power_on(None, mock.Mock(uuid='u2'), [])
    assert sorted(drv.list_instances()) == ['u1', 'u2']


def test_console_output_grows_with_each_boot(drv, running):
    first = drv.get_console_output(None, running)
    assert 'u1' in first and 'host1' in first
    assert len(first.splitlines()) >= 3
    drv.reboot(None, running, [], 'SOFT')
    second = drv.get_console_output(None, running)
    assert second.startswith(first) and len(second) > len(first)
    drv.power_off(running)
    drv.power_on(None, running, [])
    third = drv.get_console_output(None, running)
    assert third.startswith(second) and len(third) > len(second)
    # Pausing is not a boot.
    drv.pause(running)
    drv.unpause(running)
    assert drv.get_console_output(None, running) == third


@pytest.mark.parametrize('call', [
    lambda d, i: d.reboot(None, i, [], 'HARD'),
    lambda d, i: d.power_off(i),
    lambda d, i: d.power_on(None, i, []),
    lambda d, i: d.pause(i),
])
def test_action_delay(drv, running, conf, call):
    conf.config(action_delay=0.3, group='fake_driver')
    with mock.patch('time.sleep') as sleep:
        call(drv, running)
    sleep.assert_called_once_with(0.3)


def test_action_delay_is_observable(drv, running, conf):
    """While the delay runs, the guest is still in its old state."""
    conf.config(action_delay=0.3, group='fake_driver')
    worker = threading.Thread(target=drv.power_off, args=(running,))
    worker.start()
    try:
        assert _state(drv, running) == power_state.RUNNING
    finally:
        worker.join()
    assert _state(drv, running) == power_state.SHUTDOWN


def test_no_action_delay_by_default(drv, running):
    with mock.patch('time.sleep') as sleep:
        drv.pause(running)
        drv.unpause(running)
        drv.suspend(None, running)
        drv.resume(None, running, [])
    sleep.assert_not_called()
