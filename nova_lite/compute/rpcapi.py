"""Client side of the compute RPC API (topic ``compute``, server = host)."""

from nova_lite import baserpc
from nova_lite import exception


class ComputeAPI(baserpc.VersionCappedClient):
    """Client of ``ComputeManager``; messages go to one host's queue.

    API version history:

    * 1.0 - Initial version: build_and_run_instance(),
      terminate_instance()
    * 1.1 - Add reboot_instance(), stop_instance(), start_instance(),
      pause_instance(), unpause_instance(), suspend_instance(),
      resume_instance(), get_console_output()
    * 1.2 - Add prep_resize(), resize_instance(), finish_resize(),
      confirm_resize(), revert_resize(), finish_revert_resize()

    NOTE: this version and ``ComputeManager.target`` move together.
    """

    TOPIC = 'compute'
    BINARY = 'nova-lite-compute'
    VERSION = '1.2'
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

    # --- simple actions (1.1) ----------------------------------------------

    def check_can_send(self, version, method):
        """Refuse, before any change, an action the computes cannot take.

        :raises: ComputeRPCTooOld (409) when the version cap is below
            ``version``
        """
        if not self.client.can_send_version(version):
            raise exception.ComputeRPCTooOld(method=method, version=version,
                                             cap=self.version_cap)

    def _cast_action(self, context, method, instance, **kwargs):
        cctxt = self.client.prepare(version='1.1', server=instance.host)
        cctxt.cast(context, method, instance=instance, **kwargs)

    def reboot_instance(self, context, instance, reboot_type):
        """Reboot ``instance`` (task rebooting or rebooting_hard) on
        ``instance.host`` (cast).

        :param reboot_type: ``'SOFT'`` or ``'HARD'``
        Raises nothing: the compute records failures on the instance.
        """
        self._cast_action(context, 'reboot_instance', instance,
                          reboot_type=reboot_type)

    def stop_instance(self, context, instance):
        """Power off ``instance`` (task powering-off) on ``instance.host``
        (cast). Raises nothing."""
        self._cast_action(context, 'stop_instance', instance)

    def start_instance(self, context, instance):
        """Power on ``instance`` (task powering-on) on ``instance.host``
        (cast). Raises nothing."""
        self._cast_action(context, 'start_instance', instance)

    def pause_instance(self, context, instance):
        """Pause ``instance`` (task pausing) on ``instance.host`` (cast).
        Raises nothing."""
        self._cast_action(context, 'pause_instance', instance)

    def unpause_instance(self, context, instance):
        """Unpause ``instance`` (task unpausing) on ``instance.host``
        (cast). Raises nothing."""
        self._cast_action(context, 'unpause_instance', instance)

    def suspend_instance(self, context, instance):
        """Suspend ``instance`` (task suspending) on ``instance.host``
        (cast). Raises nothing."""
        self._cast_action(context, 'suspend_instance', instance)

    def resume_instance(self, context, instance):
        """Resume ``instance`` (task resuming) on ``instance.host`` (cast).
        Raises nothing."""
        self._cast_action(context, 'resume_instance', instance)

    def get_console_output(self, context, instance, tail_length):
        """The console log of ``instance`` from ``instance.host`` (call).

        :param tail_length: the number of lines wanted from the end, or
            None for all of it
        :raises: InstanceNotFound when the hypervisor has no such guest;
            MessagingTimeout when the compute does not answer
        """
        cctxt = self.client.prepare(version='1.1', server=instance.host)
        return cctxt.call(context, 'get_console_output', instance=instance,
                          tail_length=tail_length)

    # --- resize (1.2) -------------------------------------------------------

    def prep_resize(self, context, instance, flavor, migration,
                    request_spec, host):
        """Start a resize on its destination ``host`` (cast).

        The destination's allocation is already claimed for the instance
        and the source's held by ``migration``. Raises nothing: failures
        are recorded on the instance and the migration.
        """
        cctxt = self.client.prepare(version='1.2', server=host)
        cctxt.cast(context, 'prep_resize', instance=instance, flavor=flavor,
                   migration=migration, request_spec=request_spec)

    def resize_instance(self, context, instance, migration, flavor, host):
        """Power off and hand over the guest on the source ``host``
        (cast). Raises nothing."""
        cctxt = self.client.prepare(version='1.2', server=host)
        cctxt.cast(context, 'resize_instance', instance=instance,
                   migration=migration, flavor=flavor)

    def finish_resize(self, context, instance, migration, host):
        """Bring the guest up with the new flavor on the destination
        ``host`` (cast). Raises nothing."""
        cctxt = self.client.prepare(version='1.2', server=host)
        cctxt.cast(context, 'finish_resize', instance=instance,
                   migration=migration)

    def confirm_resize(self, context, instance, migration, host):
        """Drop the source guest and its allocation on the source ``host``
        (cast). Raises nothing."""
        cctxt = self.client.prepare(version='1.2', server=host)
        cctxt.cast(context, 'confirm_resize', instance=instance,
                   migration=migration)

    def revert_resize(self, context, instance, migration, host):
        """Remove the resized guest on the destination ``host`` (cast);
        it then asks the source to finish the revert. Raises nothing."""
        cctxt = self.client.prepare(version='1.2', server=host)
        cctxt.cast(context, 'revert_resize', instance=instance,
                   migration=migration)

    def finish_revert_resize(self, context, instance, migration, host):
        """Bring the guest back with the old flavor on the source
        ``host`` (cast). Raises nothing."""
        cctxt = self.client.prepare(version='1.2', server=host)
        cctxt.cast(context, 'finish_revert_resize', instance=instance,
                   migration=migration)
