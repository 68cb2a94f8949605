"""ComputeTaskManager is served next to the object endpoint and runs the
build tasks."""

import time
from unittest import mock

import oslo_messaging as messaging

from nova_lite.conductor import manager
from nova_lite.conductor import rpcapi
from nova_lite.conductor.tasks import build
from nova_lite import context
from nova_lite import rpc


def test_served_as_an_additional_endpoint(rpc_transport):
    conductor = manager.ConductorManager(host='c')
    [endpoint] = conductor.additional_endpoints
    assert isinstance(endpoint, manager.ComputeTaskManager)
    assert endpoint.target.namespace == 'compute_task'
    assert endpoint.target.version == rpcapi.ComputeTaskAPI.VERSION


def test_a_cast_reaches_the_task(rpc_transport, unique, monkeypatch, conf):
    conf.config(conductor=None, group='upgrade_levels')
    monkeypatch.setattr(rpcapi.ComputeTaskAPI, 'TOPIC', unique)
    conductor = manager.ConductorManager(host='c')
    server = rpc.get_server(messaging.Target(topic=unique, server='c'),
                            [conductor] + conductor.additional_endpoints)
    ran = []
    with mock.patch.object(build.RescheduleTask, 'execute',
                           autospec=True,
                           side_effect=lambda task: ran.append(task)):
        server.start()
        try:
            rpcapi.ComputeTaskAPI().build_instances(
                context.get_admin_context(), instance=None,
                request_spec=None, alternates=[], num_attempts=1)
            # A cast: wait for the server to have handled it.
            for _ in range(500):
                if ran:
                    break
                time.sleep(0.01)
        finally:
            server.stop()
            server.wait()
    [task] = ran
    assert task.num_attempts == 1 and task.host == 'c'
    assert task.compute_rpcapi is conductor.compute_task_mgr.compute_rpcapi


def test_schedule_and_build_instances_runs_the_task():
    mgr = manager.ComputeTaskManager(host='c')
    with mock.patch.object(build, 'ScheduleAndBuildTask') as task:
        mgr.schedule_and_build_instances(
            mock.sentinel.ctx, instances=[1], request_spec='spec',
            image_ref='img', requested_networks='none')
    task.assert_called_once_with(
        mock.sentinel.ctx, 'c', [1], 'spec', 'img', 'none',
        mgr.scheduler_client, mgr.compute_rpcapi)
    task.return_value.execute.assert_called_once_with()
