"""The fake driver implements the whole driver contract in memory."""

from unittest import mock

import pytest

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt import driver
from nova_lite.virt import fake


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
