"""The scheduler's RPC endpoint."""

import oslo_messaging as messaging

from nova_lite import manager


class SchedulerManager(manager.Manager):
    """Chooses hosts for instances.

    NOTE: ``target.version`` and ``SchedulerAPI.VERSION`` move together.
    """

    target = messaging.Target(version='1.0')

    def __init__(self, host=None, service_name='scheduler'):
        super().__init__(host=host, service_name=service_name)
