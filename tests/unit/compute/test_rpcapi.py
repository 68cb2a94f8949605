"""Each compute RPC client method sends the version, server and arguments
it should."""

from unittest import mock

import pytest

from nova_lite.compute import rpcapi
from nova_lite import context
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
