"""oslo.messaging plumbing: one transport, context + object serializers.

Every service calls :func:`init` once at start (``nova_lite.config``) and
then builds clients and servers here, so that all of them share the
transport, the serializers and the rule on which exceptions cross the wire.
"""

import functools

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
    TRANSPORT = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)


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
