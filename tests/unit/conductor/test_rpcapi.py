"""Each conductor RPC client method sends the version and arguments it
should."""

from unittest import mock

import pytest

from nova_lite.conductor import rpcapi
from nova_lite import context


@pytest.fixture
def api(rpc_transport):
    return rpcapi.ConductorAPI()


def _check(api, method, expected_kwargs, **kwargs):
    ctxt = context.get_admin_context()
    with mock.patch.object(api.client, 'prepare') as prepare:
        result = getattr(api, method)(ctxt, **kwargs)
    prepare.assert_called_once_with(version='1.0')
    prepare.return_value.call.assert_called_once_with(
        ctxt, method, **expected_kwargs)
    assert result is prepare.return_value.call.return_value


def test_object_class_action_versions(api):
    kwargs = dict(objname='Service', objmethod='get_by_id',
                  object_versions={'Service': '1.0'}, args=(1,), kwargs={})
    _check(api, 'object_class_action_versions', kwargs, **kwargs)


def test_object_action(api):
    kwargs = dict(objinst=mock.sentinel.obj, objmethod='save', args=(),
                  kwargs={})
    _check(api, 'object_action', kwargs, **kwargs)


def test_object_backport_versions(api):
    kwargs = dict(objinst=mock.sentinel.obj,
                  object_versions={'Service': '1.0'})
    _check(api, 'object_backport_versions', kwargs, **kwargs)


def test_auto_means_no_cap_for_the_conductor(api, conf):
    conf.config(conductor='auto', group='upgrade_levels')
    api.reset()
    assert api.version_cap is None


def test_version_pin(api, conf):
    conf.config(conductor='1.0', group='upgrade_levels')
    api.reset()
    assert api.version_cap == '1.0'


# --- ComputeTaskAPI (namespace compute_task) ------------------------------------

@pytest.fixture
def task_api(rpc_transport, conf):
    conf.config(conductor=None, group='upgrade_levels')
    return rpcapi.ComputeTaskAPI()


def _check_cast(api, method, **kwargs):
    ctxt = context.get_admin_context()
    with mock.patch.object(api.client, 'prepare') as prepare:
        result = getattr(api, method)(ctxt, **kwargs)
    prepare.assert_called_once_with(version='1.0')
    prepare.return_value.cast.assert_called_once_with(ctxt, method, **kwargs)
    assert result is None


def test_compute_task_target(task_api):
    target = task_api.client.target
    assert (target.topic, target.namespace, target.version) == (
        'conductor', 'compute_task', '1.1')


def test_schedule_and_build_instances(task_api):
    _check_cast(task_api, 'schedule_and_build_instances',
                instances=[mock.sentinel.inst],
                request_spec=mock.sentinel.spec, image_ref='img',
                requested_networks='auto')


def test_build_instances(task_api):
    _check_cast(task_api, 'build_instances', instance=mock.sentinel.inst,
                request_spec=mock.sentinel.spec,
                alternates=[mock.sentinel.alt], num_attempts=2)


def test_compute_task_auto_means_no_cap(task_api, conf):
    conf.config(conductor='auto', group='upgrade_levels')
    task_api.reset()
    assert task_api.version_cap is None


def test_migrate_server(task_api):
    ctxt = context.get_admin_context()
    kwargs = dict(instance=mock.sentinel.inst, flavor=mock.sentinel.flavor,
                  request_spec=mock.sentinel.spec)
    with mock.patch.object(task_api.client, 'prepare') as prepare:
        assert task_api.migrate_server(ctxt, **kwargs) is None
    prepare.assert_called_once_with(version='1.1')
    prepare.return_value.cast.assert_called_once_with(
        ctxt, 'migrate_server', **kwargs)
