"""Client side of the compute RPC API (topic ``compute``, server = host)."""

from nova_lite import baserpc


class ComputeAPI(baserpc.VersionCappedClient):
    """Client of ``ComputeManager``; messages go to one host's queue.

    API version history:

    * 1.0 - Initial version (the ``baseapi`` ping only; instance methods
      arrive with the boot path)

    NOTE: this version and ``ComputeManager.target`` move together.
    """

    TOPIC = 'compute'
    BINARY = 'nova-lite-compute'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'compute'
    HISTORY_KEY = 'compute_rpc'
