"""oslo.messaging plumbing: one transport, context + object serializers.

Every service calls :func:`init` once at start (``nova_lite.config``) and
then builds clients and servers here, so that all of them share the
transport, the serializers and the rule on which exceptions cross the wire.
"""

import functools
import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging import opts as messaging_opts
from oslo_messaging.rpc import dispatcher

import nova_lite.conf
import nova_lite.context
from nova_lite import exception

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

TRANSPORT = None

# Only these modules' exceptions are rebuilt by class on the caller's side;
# anything else arrives as oslo_messaging.RemoteError (see _ExceptionFence).
ALLOWED_EXMODS = [exception.__name__]


def register_opts(conf):
    """Register oslo.messaging's [DEFAULT] options (``transport_url`` …)
    before the config files are parsed, so binaries can set defaults."""
    messaging.set_transport_defaults(control_exchange='nova_lite')
    for group, opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            conf.register_opts(opts)


def init(conf):
    global TRANSPORT
    _shorten_idle_polls()
    TRANSPORT = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)


# The longest an idle AMQP poll loop of oslo.messaging sleeps in one read.
IDLE_POLL_MAX = 1.0


def _shorten_idle_polls():
    """Make idle RPC listeners and reply waiters notice a stop within 1s.

    oslo.messaging's AMQP poll loops (server listeners, the reply waiter of
    clients) check whether they were stopped only between two reads, and
    an idle loop doubles its read timeout up to ACK_REQUEUE_EVERY_SECONDS_MAX
    (5s in 18.x). A stopping service waits for its listener to notice, and
    rpc.cleanup() for the reply waiter: up to 5s each, which SIGTERM ->
    exit should not spend. At 1s an idle loop wakes once a second instead
    of every five, a negligible cost. There is no option for it, hence the
    module constant; nothing changes if the library no longer has it.
    """
    from oslo_messaging._drivers import amqpdriver
    current = getattr(amqpdriver, 'ACK_REQUEUE_EVERY_SECONDS_MAX', None)
    if current is not None and current > IDLE_POLL_MAX:
        amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MAX = IDLE_POLL_MAX


def cleanup():
    global TRANSPORT
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
        TRANSPORT = None


def initialized():
    return TRANSPORT is not None


class RequestContextSerializer(messaging.Serializer):
    """Carry a RequestContext, and let ``base`` serialize the payload."""

    def __init__(self, base=None):
        self._base = base

    def serialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return nova_lite.context.RequestContext.from_dict(context)


def _serializer():
    # Imported here: objects import this module through the conductor's
    # rpcapi, and the serializer needs the object registry.
    from nova_lite.objects import base as objects_base
    return RequestContextSerializer(objects_base.NovaLiteObjectSerializer())


def get_client(target, version_cap=None):
    assert TRANSPORT is not None, 'nova_lite.rpc.init() was not called'
    return messaging.get_rpc_client(TRANSPORT, target,
                                    version_cap=version_cap,
                                    serializer=_serializer())


def get_server(target, endpoints):
    assert TRANSPORT is not None, 'nova_lite.rpc.init() was not called'
    kwargs = {}
    if CONF.concurrency_backend == 'eventlet':
        # The threading executor is oslo.messaging's default; the eventlet
        # one must be asked for (and is deprecated upstream).
        kwargs['executor'] = 'eventlet'
    return messaging.get_rpc_server(
        TRANSPORT, target, [_ExceptionFence(e) for e in endpoints],
        serializer=_serializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy, **kwargs)


def stop_server(server, graceful_timeout=None):
    """Stop an RPC server without dropping a request the broker gave it.

    The server stops polling, its consumers are cancelled at the broker
    (:func:`cancel_consumers`), then the requests it took are finished and
    its connection closed. Returns True when all that was done within
    ``graceful_timeout`` seconds (None or 0: no limit), False when requests
    were still running; they are left to their (daemon) threads.
    """
    def stop():
        server.stop()
        cancel_consumers(server)
        server.wait()

    # Aside, so that a stuck request (or broker) cannot hold us for ever.
    stopper = threading.Thread(target=stop, name='rpc-server-stop',
                               daemon=True)
    stopper.start()
    stopper.join(graceful_timeout or None)
    return not stopper.is_alive()


def cancel_consumers(server):
    """Cancel a stopped server's consumers at the broker (basic.cancel).

    Call it between ``server.stop()`` and ``server.wait()``.

    Why: ``MessageHandlingServer.stop()`` only ends the listener's polling
    thread. Its consumers stay registered, so RabbitMQ goes on delivering
    to them, and nothing reads those deliveries until ``wait()`` closes the
    connection: a second later on the threading executor (its idle workers
    notice the shutdown once a second), at once on eventlet. Closing
    deletes the fanout queue first, and while kombu waits for delete-ok it
    reads the pending deliveries and runs the listener's callback on them,
    which acknowledges them (oslo.messaging acks RPC requests on receipt)
    and queues them for a poller that is gone: requests acked, never
    answered, and their callers time out.

    Here each delivery read while the broker answers the cancel is handed
    back (basic.reject with requeue) instead, so RabbitMQ gives it at once
    to another server of the topic, and after cancel-ok it sends this
    server nothing more. Requests delivered before ``stop()`` returned went
    the normal way and are answered by ``wait()``.

    The polling thread has ended, so this thread may use the listener's
    connection (kombu connections are not thread-safe). This reaches into
    oslo.messaging's AMQP listener (18.x), which has no public way to do
    it. Returns True when the broker confirmed the cancel, False when the
    driver is not an AMQP one or its internals are not as expected (the
    server then stops as oslo.messaging alone would) or the cancel failed.
    """
    listener = getattr(getattr(server, 'listener', None),
                       '_poll_style_listener', None)
    conn = getattr(listener, 'conn', None)
    consumers = getattr(conn, '_consumers', None)
    if not isinstance(consumers, dict):
        LOG.debug('No AMQP consumers to cancel for %r', server)
        return False
    try:
        # Tags in _new_tags were never sent to the broker (the poll loop
        # sends basic.consume for them at its next read).
        unconsumed = set(getattr(conn, '_new_tags', ()))
        # Every callback first: waiting for one cancel-ok may read a
        # delivery to any of the consumers.
        for consumer in consumers:
            consumer.callback = _give_back
        for consumer, tag in list(consumers.items()):
            if tag not in unconsumed:
                consumer.cancel(tag=tag)
    except Exception:
        LOG.warning('Could not cancel the RPC consumers of %r at the broker; '
                    'requests it delivers until the connection closes may '
                    'be lost', server, exc_info=True)
        return False
    return True


def _give_back(message):
    """Consumer callback of a stopping server: requeue, do not process."""
    message.requeue()
    LOG.debug('Gave a request delivered while stopping back to the broker')


class _ExceptionFence:
    """Wrap an endpoint so only nova_lite exceptions leave it by class.

    oslo.messaging rebuilds by class the exceptions of the allowed modules
    *and* of ``builtins``; a ``KeyError`` escaping a manager would reach the
    caller as if it were its own. Anything that is not a
    ``NovaLiteException`` is logged here, with its traceback, and sent as a
    ``RemoteError`` instead.
    """

    def __init__(self, endpoint):
        self._endpoint = endpoint
        self.target = getattr(endpoint, 'target', None)

    def __getattr__(self, name):
        attr = getattr(self._endpoint, name)
        if name.startswith('_') or not callable(attr):
            return attr

        @functools.wraps(attr)
        def fenced(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except (exception.NovaLiteException,
                    messaging.ExpectedException,
                    messaging.RemoteError):
                raise
            except Exception as exc:
                LOG.exception('Unexpected error in RPC method %s', name)
                raise messaging.RemoteError(
                    exc_type=type(exc).__name__, value=str(exc)) from exc
        return fenced
