"""Each compute RPC client method sends the version, server and arguments
it should."""

from unittest import mock

import pytest

from nova_lite.compute import rpcapi
from nova_lite import context
from nova_lite import exception
from nova_lite import objects

objects.register_all()


@pytest.fixture
def api(rpc_transport, conf):
    conf.config(compute=None, group='upgrade_levels')
    return rpcapi.ComputeAPI()


def _check_cast(api, method, server, **kwargs):
    ctxt = context.get_admin_context()
    with mock.patch.object(api.client, 'prepare') as prepare:
        result = getattr(api, method)(ctxt, **kwargs)
    prepare.assert_called_once_with(version='1.0', server=server)
    prepare.return_value.cast.assert_called_once_with(ctxt, method, **kwargs)
    assert result is None


def test_build_and_run_instance(api):
    selection = objects.Selection(service_host='host7', nodename='node7',
                                  compute_node_uuid='a' * 8 + '-' + 'b' * 4
                                  + '-' + 'c' * 4 + '-' + 'd' * 4 + '-'
                                  + 'e' * 12)
    _check_cast(api, 'build_and_run_instance', 'host7',
                instance=mock.sentinel.instance,
                request_spec=mock.sentinel.spec, selection=selection,
                alternates=[mock.sentinel.alt],
                network_info=[{'network': 'private', 'address': '10.0.0.2',
                               'mac': 'fa:16:3e:00:00:01', 'version': 4}],
                num_attempts=1)


def test_terminate_instance(api):
    instance = mock.Mock(host='host3')
    _check_cast(api, 'terminate_instance', 'host3', instance=instance)


def test_version_pin(api, conf):
    conf.config(compute='1.0', group='upgrade_levels')
    api.reset()
    assert api.version_cap == '1.0'


# --- resize (1.2): each method prepares 1.2 for the host it is given ------

def _check_resize_cast(api, method, **kwargs):
    ctxt = context.get_admin_context()
    with mock.patch.object(api.client, 'prepare') as prepare:
        assert getattr(api, method)(ctxt, host='dest7', **kwargs) is None
    prepare.assert_called_once_with(version='1.2', server='dest7')
    prepare.return_value.cast.assert_called_once_with(ctxt, method, **kwargs)


def test_prep_resize(api):
    _check_resize_cast(api, 'prep_resize', instance=mock.sentinel.inst,
                       flavor=mock.sentinel.flavor,
                       migration=mock.sentinel.migration,
                       request_spec=mock.sentinel.spec)


def test_resize_instance(api):
    _check_resize_cast(api, 'resize_instance', instance=mock.sentinel.inst,
                       migration=mock.sentinel.migration,
                       flavor=mock.sentinel.flavor)


@pytest.mark.parametrize('method', ['finish_resize', 'confirm_resize',
                                    'revert_resize', 'finish_revert_resize'])
def test_resize_steps(api, method):
    _check_resize_cast(api, method, instance=mock.sentinel.inst,
                       migration=mock.sentinel.migration)


def test_version_is_1_2_with_its_history(api):
    assert rpcapi.ComputeAPI.VERSION == '1.2'
    assert '1.2 - Add prep_resize()' in rpcapi.ComputeAPI.__doc__


# --- simple actions (1.1): casts to instance.host, one call ----------------

def _check_action(api, method, **kwargs):
    ctxt = context.get_admin_context()
    instance = mock.Mock(host='host5')
    with mock.patch.object(api.client, 'prepare') as prepare:
        result = getattr(api, method)(ctxt, instance=instance, **kwargs)
    prepare.assert_called_once_with(version='1.1', server='host5')
    return ctxt, instance, prepare.return_value, result


@pytest.mark.parametrize('method', [
    'stop_instance', 'start_instance', 'pause_instance', 'unpause_instance',
    'suspend_instance', 'resume_instance'])
def test_power_action_casts(api, method):
    ctxt, instance, cctxt, result = _check_action(api, method)
    cctxt.cast.assert_called_once_with(ctxt, method, instance=instance)
    cctxt.call.assert_not_called()
    assert result is None


@pytest.mark.parametrize('reboot_type', ['SOFT', 'HARD'])
def test_reboot_instance(api, reboot_type):
    ctxt, instance, cctxt, result = _check_action(
        api, 'reboot_instance', reboot_type=reboot_type)
    cctxt.cast.assert_called_once_with(ctxt, 'reboot_instance',
                                       instance=instance,
                                       reboot_type=reboot_type)
    assert result is None


def test_get_console_output_is_a_call(api):
    ctxt, instance, cctxt, result = _check_action(
        api, 'get_console_output', tail_length=10)
    cctxt.call.assert_called_once_with(ctxt, 'get_console_output',
                                       instance=instance, tail_length=10)
    cctxt.cast.assert_not_called()
    assert result is cctxt.call.return_value


def test_history_names_both_versions():
    doc = rpcapi.ComputeAPI.__doc__
    assert '1.1 - Add reboot_instance(), stop_instance()' in doc
    assert 'get_console_output()' in doc


def test_actions_refused_while_capped_below_1_1(api, conf):
    conf.config(compute='1.0', group='upgrade_levels')
    api.reset()
    with pytest.raises(exception.ComputeRPCTooOld) as info:
        api.check_can_send('1.1', 'stop')
    assert info.value.code == 409
    assert "Cannot 'stop' until every compute is upgraded" in str(info.value)
    conf.config(compute='1.1', group='upgrade_levels')
    api.reset()
    api.check_can_send('1.1', 'stop')
