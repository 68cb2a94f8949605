"""Each scheduler RPC client method sends the version and arguments it
should."""

from unittest import mock

import pytest

from nova_lite import context
from nova_lite.scheduler import rpcapi


@pytest.fixture
def api(rpc_transport, conf):
    conf.config(scheduler=None, group='upgrade_levels')
    return rpcapi.SchedulerAPI()


def test_select_destinations(api, conf):
    conf.config(long_rpc_timeout=900, rpc_response_timeout=42)
    ctxt = context.get_admin_context()
    with mock.patch.object(api.client, 'prepare') as prepare:
        result = api.select_destinations(
            ctxt, request_spec=mock.sentinel.spec,
            instance_uuids=['u1', 'u2'])
    prepare.assert_called_once_with(version='1.0', timeout=900,
                                    call_monitor_timeout=42)
    prepare.return_value.call.assert_called_once_with(
        ctxt, 'select_destinations', request_spec=mock.sentinel.spec,
        instance_uuids=['u1', 'u2'], return_alternates=True)
    assert result is prepare.return_value.call.return_value


def test_version_pin(api, conf):
    conf.config(scheduler='1.0', group='upgrade_levels')
    api.reset()
    assert api.version_cap == '1.0'
