"""What every RPC service shares: the ``baseapi`` namespace and version caps.

``baseapi`` is served by every nova_lite service next to its manager, so any
service can be pinged (``BaseAPI.ping``) without knowing its manager's API.
:class:`VersionCappedClient` turns ``[upgrade_levels] <binary>`` into the
version cap of an RPC client.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

import nova_lite.conf
from nova_lite import exception
from nova_lite import rpc

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

_NAMESPACE = 'baseapi'


def resolve_version_cap(context, binary, level, history_key):
    """Turn an ``[upgrade_levels]`` value into an RPC version cap.

    :param binary: the service the messages go to, e.g. ``nova-lite-compute``
    :param level: ``None`` (no cap), ``'auto'``, a release name or a version
    :param history_key: the key of that service's RPC API in
        ``SERVICE_VERSION_HISTORY`` (``'compute_rpc'`` …)
    :returns: a version string, or ``None`` for "newest"
    :raises: InvalidUpgradeLevel for a value that is none of the above
    """
    from nova_lite.objects import service as service_obj
    if level is None:
        return None
    if level == 'auto':
        minimum = service_obj.Service.get_minimum_version(context, binary)
        if minimum == 0:
            # No such service has registered yet: nothing to be compatible
            # with, so speak the newest version.
            return None
        cap = service_obj.SERVICE_VERSION_HISTORY[minimum][history_key]
        LOG.info('Automatically selected %(binary)s RPC version %(cap)s '
                 '(oldest service version %(min)s)',
                 {'binary': binary, 'cap': cap, 'min': minimum})
        return cap
    if level in service_obj.RELEASES:
        version = service_obj.RELEASES[level]
        return service_obj.SERVICE_VERSION_HISTORY[version][history_key]
    try:
        major, minor = (int(p) for p in level.split('.'))
    except ValueError:
        raise exception.InvalidUpgradeLevel(binary=binary, level=level)
    return '%d.%d' % (major, minor)


class VersionCappedClient:
    """Base of the ``rpcapi`` classes: a client capped by upgrade levels.

    Subclasses set ``TOPIC``, ``BINARY``, ``VERSION``, ``NAMESPACE``,
    ``UPGRADE_LEVEL`` (the option name in ``[upgrade_levels]``) and
    ``HISTORY_KEY``. The cap is computed on first use (it may need the
    conductor) and again on :meth:`reset` (SIGHUP).
    """

    TOPIC = None
    BINARY = None
    VERSION = '1.0'
    NAMESPACE = None
    UPGRADE_LEVEL = None
    HISTORY_KEY = None

    def __init__(self):
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        level = getattr(CONF.upgrade_levels, self.UPGRADE_LEVEL)
        cap = self._version_cap(level)
        target = messaging.Target(topic=self.TOPIC, version=self.VERSION,
                                  namespace=self.NAMESPACE)
        return rpc.get_client(target, version_cap=cap)

    def _version_cap(self, level):
        from nova_lite import context as nl_context
        return resolve_version_cap(nl_context.get_admin_context(),
                                   self.BINARY, level, self.HISTORY_KEY)

    @property
    def version_cap(self):
        return self.client.version_cap

    def reset(self):
        """Forget the cached cap; the next call computes it again."""
        self._client = None


class BaseAPI:
    """Client side of the ``baseapi`` namespace, served by every service.

    API version history:

    * 1.0 - Initial version: ping()

    NOTE: this version and ``BaseRPC.target`` move together.
    """

    VERSION = '1.0'

    def __init__(self, topic):
        target = messaging.Target(topic=topic, namespace=_NAMESPACE,
                                  version=self.VERSION)
        self.client = rpc.get_client(target,
                                     version_cap=CONF.upgrade_levels.baseapi)

    def ping(self, context, arg, timeout=None, server=None):
        """Ask one service of the topic to echo ``arg`` with its identity.

        :raises: oslo_messaging.MessagingTimeout when nobody answers
        """
        cctxt = self.client.prepare(timeout=timeout, server=server)
        return cctxt.call(context, 'ping', arg=arg)


class BaseRPC:
    """The ``baseapi`` endpoint every service serves next to its manager.

    NOTE: this version and ``BaseAPI.VERSION`` move together.
    """

    target = messaging.Target(namespace=_NAMESPACE, version='1.0')

    def __init__(self, service_name, host):
        self.service_name = service_name
        self.host = host
        self.started_at = timeutils.utcnow().isoformat()

    def ping(self, context, arg):
        return {'service': self.service_name, 'host': self.host,
                'arg': arg, 'started_at': self.started_at}
