"""Client side of the scheduler RPC API (topic ``scheduler``)."""

import nova_lite.conf
from nova_lite import baserpc

CONF = nova_lite.conf.CONF


class SchedulerAPI(baserpc.VersionCappedClient):
    """Client of ``SchedulerManager``.

    API version history:

    * 1.0 - Initial version: select_destinations()

    NOTE: this version and ``SchedulerManager.target`` move together.
    """

    TOPIC = 'scheduler'
    BINARY = 'nova-lite-scheduler'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'scheduler'
    HISTORY_KEY = 'scheduler_rpc'

    def select_destinations(self, context, request_spec, instance_uuids,
                            return_alternates=True):
        """Choose, and claim, a host for each of ``instance_uuids``.

        :returns: one list of Selection per instance, in the same order:
            the claimed host first, then up to ``[scheduler] max_attempts``
            - 1 unclaimed alternates (none unless ``return_alternates``)
        :raises: NoValidHost when not every instance fits (nothing stays
            claimed then); oslo_messaging.MessagingTimeout
        """
        cctxt = self.client.prepare(
            version='1.0', timeout=CONF.long_rpc_timeout,
            call_monitor_timeout=CONF.rpc_response_timeout)
        return cctxt.call(context, 'select_destinations',
                          request_spec=request_spec,
                          instance_uuids=instance_uuids,
                          return_alternates=return_alternates)
