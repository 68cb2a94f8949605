"""Client side of the scheduler RPC API (topic ``scheduler``)."""

from nova_lite import baserpc


class SchedulerAPI(baserpc.VersionCappedClient):
    """Client of ``SchedulerManager``.

    API version history:

    * 1.0 - Initial version (the ``baseapi`` ping only; host selection
      arrives with the boot path)

    NOTE: this version and ``SchedulerManager.target`` move together.
    """

    TOPIC = 'scheduler'
    BINARY = 'nova-lite-scheduler'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'scheduler'
    HISTORY_KEY = 'scheduler_rpc'
