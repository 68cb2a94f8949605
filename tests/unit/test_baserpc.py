"""[upgrade_levels] values become RPC version caps."""

from unittest import mock

import pytest

from nova_lite import baserpc
from nova_lite import context
from nova_lite import exception
from nova_lite.objects import service as service_obj


def _resolve(level):
    return baserpc.resolve_version_cap(context.get_admin_context(),
                                       'nova-lite-compute', level,
                                       'compute_rpc')


def test_unset_means_newest():
    assert _resolve(None) is None


def test_explicit_version():
    assert _resolve('1.0') == '1.0'


def test_release_name():
    release, version = next(iter(service_obj.RELEASES.items()))
    expected = service_obj.SERVICE_VERSION_HISTORY[version]['compute_rpc']
    assert _resolve(release) == expected


@mock.patch.object(service_obj.Service, 'get_minimum_version')
def test_auto_follows_the_oldest_service(get_min):
    get_min.return_value = 1
    assert _resolve('auto') == \
        service_obj.SERVICE_VERSION_HISTORY[1]['compute_rpc']
    get_min.assert_called_once_with(mock.ANY, 'nova-lite-compute')


@mock.patch.object(service_obj.Service, 'get_minimum_version',
                   return_value=0)
def test_auto_with_no_service_yet_means_newest(get_min):
    assert _resolve('auto') is None


def test_garbage_is_refused():
    with pytest.raises(exception.InvalidUpgradeLevel):
        _resolve('banana')


def test_ping_endpoint_answers_with_identity():
    endpoint = baserpc.BaseRPC('compute', 'host1')
    answer = endpoint.ping(context.get_admin_context(), 'x')
    assert answer['service'] == 'compute'
    assert answer['host'] == 'host1'
    assert answer['arg'] == 'x'
