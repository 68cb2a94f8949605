"""Client side of the compute RPC API (topic ``compute``, server = host)."""

from nova_lite import baserpc


class ComputeAPI(baserpc.VersionCappedClient):
    """Client of ``ComputeManager``; messages go to one host's queue.

    API version history:

    * 1.0 - Initial version: build_and_run_instance(),
      terminate_instance()

    NOTE: this version and ``ComputeManager.target`` move together.
    """

    TOPIC = 'compute'
    BINARY = 'nova-lite-compute'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'compute'
    HISTORY_KEY = 'compute_rpc'

    def build_and_run_instance(self, context, instance, request_spec,
                               selection, alternates, network_info,
                               num_attempts):
        """Build ``instance`` on ``selection.service_host`` (cast).

        :param selection: the Selection whose resources are claimed
        :param alternates: unclaimed Selections for a reschedule
        :param network_info: list of {network, address, mac, version}
        :param num_attempts: this build's attempt number (1 = first)
        Raises nothing: the compute reports failures on the instance.
        """
        cctxt = self.client.prepare(version='1.0',
                                    server=selection.service_host)
        cctxt.cast(context, 'build_and_run_instance', instance=instance,
                   request_spec=request_spec, selection=selection,
                   alternates=alternates, network_info=network_info,
                   num_attempts=num_attempts)

    def terminate_instance(self, context, instance):
        """Destroy the guest and delete ``instance`` on ``instance.host``
        (cast). Raises nothing: the compute logs and records failures."""
        cctxt = self.client.prepare(version='1.0', server=instance.host)
        cctxt.cast(context, 'terminate_instance', instance=instance)
