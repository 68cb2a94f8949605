"""Client side of the conductor RPC API (topic ``conductor``)."""

import oslo_messaging as messaging

from nova_lite import baserpc
import nova_lite.conf

CONF = nova_lite.conf.CONF


class ConductorAPI(baserpc.VersionCappedClient):
    """The object indirection API that every non-conductor service uses.

    API version history:

    * 1.0 - Initial version: object_class_action_versions(),
      object_action(), object_backport_versions()

    NOTE: this version and ``ConductorManager.target`` move together.

    The conductor is upgraded before the services that use it, so its cap
    is normally unset; ``[upgrade_levels] conductor`` takes a release name or
    a version, and ``auto`` means no cap (asking the conductor for the
    minimum conductor version would need the conductor first).
    """

    TOPIC = 'conductor'
    BINARY = 'nova-lite-conductor'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'conductor'
    HISTORY_KEY = 'conductor_rpc'

    def _version_cap(self, level):
        if level in (None, 'auto'):
            return None
        return super()._version_cap(level)

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        """Run classmethod ``objmethod`` of ``objname`` in the conductor.

        :param object_versions: {object name: version} this caller
            understands; results come back at those versions.
        :raises: whatever nova_lite exception the method raises
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions,
                          args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        """Run method ``objmethod`` of ``objinst`` in the conductor.

        :returns: (changed fields, method result)
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        """Return ``objinst`` as a primitive at ``object_versions``."""
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)


def build_target():
    """The target a conductor serves (used by the manager and tests)."""
    return messaging.Target(topic=ConductorAPI.TOPIC,
                            version=ConductorAPI.VERSION)
