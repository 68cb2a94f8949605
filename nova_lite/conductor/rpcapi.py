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


class ComputeTaskAPI(baserpc.VersionCappedClient):
    """The conductor's workflows (namespace ``compute_task``).

    API version history:

    * 1.0 - Initial version: schedule_and_build_instances(),
      build_instances()
    * 1.1 - Add migrate_server()

    NOTE: this version and ``ComputeTaskManager.target`` move together.

    Capped like ``ConductorAPI`` (``[upgrade_levels] conductor``): the
    conductor is upgraded first, so ``auto`` means no cap.
    """

    TOPIC = 'conductor'
    BINARY = 'nova-lite-conductor'
    VERSION = '1.1'
    NAMESPACE = 'compute_task'
    UPGRADE_LEVEL = 'conductor'
    HISTORY_KEY = 'compute_task_rpc'

    def _version_cap(self, level):
        if level in (None, 'auto'):
            return None
        return super()._version_cap(level)

    def schedule_and_build_instances(self, context, instances, request_spec,
                                     image_ref, requested_networks):
        """Schedule the new ``instances`` and start their builds (cast).

        :param requested_networks: ``'none'`` for no network, else
            ``'auto'`` or the API's list (one fixed IP each today)
        Raises nothing: failures put the instances in ERROR with a fault.
        """
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'schedule_and_build_instances',
                   instances=instances, request_spec=request_spec,
                   image_ref=image_ref,
                   requested_networks=requested_networks)

    def build_instances(self, context, instance, request_spec, alternates,
                        num_attempts):
        """Retry a failed build on the next of ``alternates`` (cast).

        :param alternates: the unclaimed Selections left for the instance
        :param num_attempts: the builds already tried
        Raises nothing: with no host left the instance goes to ERROR.
        """
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'build_instances', instance=instance,
                   request_spec=request_spec, alternates=alternates,
                   num_attempts=num_attempts)

    def migrate_server(self, context, instance, flavor, request_spec):
        """Resize ``instance`` to ``flavor`` on a host the scheduler
        chooses (cast).

        :param request_spec: the instance's RequestSpec, its flavor the new
            one and ``ignore_hosts`` holding the source host unless a
            resize to the same host is allowed
        Raises nothing: a failure before the destination takes over (no
        valid host...) leaves the instance as it was, with the error
        recorded on its action and as a fault.
        """
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'migrate_server', instance=instance,
                   flavor=flavor, request_spec=request_spec)


def build_target():
    """The target a conductor serves (used by the manager and tests)."""
    return messaging.Target(topic=ConductorAPI.TOPIC,
                            version=ConductorAPI.VERSION)
