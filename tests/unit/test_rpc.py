"""RPC plumbing: contexts cross the wire, only our exceptions by class, and
a stopping server drops nothing."""

import socket
import threading
import time
import types
from unittest import mock

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


# --------------------------------------------------------------------------
# Stopping a server
# --------------------------------------------------------------------------

class _Named:
    target = messaging.Target(version='1.0')

    def __init__(self, name, release=None):
        self.name = name
        self.release = release

    def who(self, ctxt):
        if self.release is not None:
            self.release.wait(10)
        return self.name


def _server(topic, host, endpoint):
    server = rpc.get_server(messaging.Target(topic=topic, server=host),
                            [endpoint])
    server.start()
    return server


def _call_in_thread(client, results, timeout):
    def call():
        try:
            results.append(client.prepare(timeout=timeout).call(
                context.get_admin_context(), 'who'))
        except messaging.MessagingTimeout as exc:
            results.append(exc)
    thread = threading.Thread(target=call)
    thread.start()
    return thread


def _kombu_connection(server):
    # listener adapter -> AMQP listener -> ConnectionContext -> oslo's
    # rabbit Connection -> kombu's
    return server.listener._poll_style_listener.conn.connection.connection


def test_stopped_server_leaves_new_requests_to_the_others(rpc_transport,
                                                          unique):
    """Regression: a request the broker delivers to a stopping server is
    not acknowledged and dropped.

    oslo.messaging's stop() leaves the consumers registered; on RabbitMQ
    the connection's close reads what was delivered meanwhile and acks it.
    The memory broker only delivers when someone drains the connection, so
    the test drains it by hand where the close would.
    """
    topic = unique + '-stop'
    a = _server(topic, 'a', _Named('a'))
    client = rpc.get_client(messaging.Target(topic=topic, version='1.0'))
    assert client.call(context.get_admin_context(), 'who') == 'a'

    a.stop()
    assert rpc.cancel_consumers(a) is True
    results = []
    caller = _call_in_thread(client, results, timeout=10)
    time.sleep(0.2)                     # the request is in the queue
    try:
        _kombu_connection(a).drain_events(timeout=0.3)
        delivered = True
    except socket.timeout:
        delivered = False
    a.wait()

    b = _server(topic, 'b', _Named('b'))
    try:
        caller.join(15)
        assert not delivered, 'the stopped server was still consuming'
        assert results == ['b']
    finally:
        b.stop()
        b.wait()


def test_cancel_sets_every_callback_before_the_first_cancel():
    seen = []

    class Consumer:
        callback = 'the listener'

        def cancel(self, tag):
            seen.append((tag, [c.callback for c in consumers]))

    consumers = {Consumer(): 1, Consumer(): 2, Consumer(): 3}
    conn = types.SimpleNamespace(_consumers=consumers, _new_tags={3})
    server = types.SimpleNamespace(listener=types.SimpleNamespace(
        _poll_style_listener=types.SimpleNamespace(conn=conn)))
    assert rpc.cancel_consumers(server) is True
    # Tag 3 was never sent to the broker: nothing to cancel there.
    assert [tag for tag, _ in seen] == [1, 2]
    assert all(callbacks == [rpc._give_back] * 3 for _, callbacks in seen)


def test_deliveries_to_a_stopping_server_are_requeued():
    message = mock.Mock()
    rpc._give_back(message)
    message.requeue.assert_called_once_with()
    message.acknowledge.assert_not_called()


def test_cancel_is_skipped_without_an_amqp_listener():
    assert rpc.cancel_consumers(types.SimpleNamespace(listener=None)) is False


def test_cancel_failure_is_reported_not_raised():
    class Consumer:
        def cancel(self, tag):
            raise OSError('broker gone')

    conn = types.SimpleNamespace(_consumers={Consumer(): 1}, _new_tags=set())
    server = types.SimpleNamespace(listener=types.SimpleNamespace(
        _poll_style_listener=types.SimpleNamespace(conn=conn)))
    assert rpc.cancel_consumers(server) is False


def test_stop_server_answers_the_requests_in_progress(rpc_transport, unique):
    topic = unique + '-inflight'
    release = threading.Event()
    server = _server(topic, 'a', _Named('a', release=release))
    client = rpc.get_client(messaging.Target(topic=topic, version='1.0'))
    results = []
    caller = _call_in_thread(client, results, timeout=10)
    time.sleep(0.3)                     # the request is being handled
    threading.Timer(0.5, release.set).start()
    assert rpc.stop_server(server, graceful_timeout=10) is True
    caller.join(10)
    assert results == ['a']


def test_stop_server_gives_up_after_the_graceful_timeout(rpc_transport,
                                                         unique):
    topic = unique + '-stuck'
    release = threading.Event()
    server = _server(topic, 'a', _Named('a', release=release))
    client = rpc.get_client(messaging.Target(topic=topic, version='1.0'))
    results = []
    caller = _call_in_thread(client, results, timeout=10)
    time.sleep(0.3)
    started = time.monotonic()
    try:
        assert rpc.stop_server(server, graceful_timeout=1) is False
        assert time.monotonic() - started < 3
    finally:
        release.set()
        caller.join(10)


def test_idle_poll_loops_notice_a_stop_within_a_second(rpc_transport):
    from oslo_messaging._drivers import amqpdriver
    assert amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MAX <= rpc.IDLE_POLL_MAX == 1
