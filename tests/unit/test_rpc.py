"""RPC plumbing: contexts cross the wire, and only our exceptions by class."""

import oslo_messaging as messaging
import pytest

from nova_lite import context
from nova_lite import exception
from nova_lite import rpc


class _Endpoint:
    target = messaging.Target(version='1.0')

    def whoami(self, ctxt):
        return {'user': ctxt.user_id, 'project': ctxt.project_id,
                'admin': ctxt.is_admin, 'request_id': ctxt.request_id}

    def not_found(self, ctxt):
        raise exception.InstanceNotFound(instance_id='i-1')

    def key_error(self, ctxt):
        raise KeyError('missing')


@pytest.fixture(scope='module')
def client(rpc_transport, unique):
    server = rpc.get_server(messaging.Target(topic=unique, server='h'),
                            [_Endpoint()])
    server.start()
    yield rpc.get_client(messaging.Target(topic=unique, version='1.0'))
    server.stop()
    server.wait()


def test_context_crosses_the_wire(client):
    ctxt = context.RequestContext('u1', 'p1', roles=['member'])
    answer = client.call(ctxt, 'whoami')
    assert answer == {'user': 'u1', 'project': 'p1', 'admin': False,
                      'request_id': ctxt.request_id}


def test_nova_lite_exception_is_raised_by_class(client):
    with pytest.raises(exception.InstanceNotFound) as info:
        client.call(context.get_admin_context(), 'not_found')
    assert info.value.code == 404
    assert 'i-1' in info.value.format_message()


def test_other_exceptions_arrive_as_remote_error(client):
    with pytest.raises(messaging.RemoteError) as info:
        client.call(context.get_admin_context(), 'key_error')
    assert not isinstance(info.value, KeyError)
    assert 'KeyError' in str(info.value)


def test_private_methods_are_not_served(client):
    with pytest.raises(messaging.RemoteError):
        client.call(context.get_admin_context(), '_Endpoint__secret')
