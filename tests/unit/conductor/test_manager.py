"""The conductor runs remotable methods for its callers, at their versions.

A real ConductorManager serves on the in-process transport; the test plays
the part of another service calling it through ConductorAPI.
"""

import oslo_messaging as messaging
import pytest

from nova_lite.conductor import manager
from nova_lite.conductor import rpcapi
from nova_lite import context
from nova_lite import exception
from nova_lite import objects
from nova_lite import rpc
from tests.unit.db import db_fixture


@pytest.fixture
def db(tmp_path):
    with db_fixture.Database(
            db_fixture.sqlite_url(tmp_path / 'conductor.sqlite')) as database:
        yield database


@pytest.fixture
def api(rpc_transport, db, unique, monkeypatch):
    monkeypatch.setattr(rpcapi.ConductorAPI, 'TOPIC', unique)
    server = rpc.get_server(messaging.Target(topic=unique, server='c'),
                            [manager.ConductorManager(host='c')])
    server.start()
    yield rpcapi.ConductorAPI()
    server.stop()
    server.wait()


@pytest.fixture
def service(db):
    objects.register_all()
    svc = objects.Service(context=context.get_admin_context(), host='h1',
                          binary='nova-lite-compute', topic='compute',
                          report_count=0, version=1)
    svc.create()
    return svc


def test_class_action_returns_the_callers_version(api, service):
    ctxt = context.get_admin_context()
    old = api.object_class_action_versions(
        ctxt, 'Service', 'get_by_host_and_binary', {'Service': '1.0'},
        ('h1', 'nova-lite-compute'), {})
    assert old.VERSION == '1.0'
    assert not old.obj_attr_is_set('uuid')
    assert old.id == service.id

    new = api.object_class_action_versions(
        ctxt, 'Service', 'get_by_host_and_binary',
        {'Service': objects.Service.VERSION},
        ('h1', 'nova-lite-compute'), {})
    assert new.VERSION == objects.Service.VERSION
    assert new.uuid == service.uuid


def test_object_action_returns_what_the_method_changed(api, service):
    service.report_count = 5
    updates, result = api.object_action(context.get_admin_context(),
                                        service, 'save', (), {})
    # The caller already has report_count; the conductor's stamps are news.
    assert 'report_count' not in updates
    assert updates['last_seen_up'] is not None
    assert result is None


def test_backport(api, service):
    old = api.object_backport_versions(
        context.get_admin_context(), service, {'Service': '1.0'})
    assert old.VERSION == '1.0'
    assert not old.obj_attr_is_set('uuid')
    assert old.host == 'h1'


def test_our_exceptions_cross_by_class(api, db):
    with pytest.raises(exception.ServiceNotFound):
        api.object_class_action_versions(
            context.get_admin_context(), 'Service', 'get_by_id',
            {'Service': objects.Service.VERSION}, (12345,), {})
