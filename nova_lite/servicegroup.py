"""Who is alive: heartbeats into the services table, and the up/down rule.

A service reports every ``report_interval`` seconds by bumping its
``report_count`` through the conductor, which stamps ``last_seen_up`` with
its own clock. A service is up when that stamp is younger than
``service_down_time`` and it is not forced down.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

import nova_lite.conf
from nova_lite import exception

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)


def service_is_up(service_ref):
    """True when ``service_ref`` heartbeated within service_down_time."""
    if service_ref.forced_down:
        return False
    last_heartbeat = (service_ref.last_seen_up or service_ref.updated_at or
                      service_ref.created_at)
    if last_heartbeat is None:
        return False
    elapsed = timeutils.delta_seconds(
        timeutils.normalize_time(last_heartbeat), timeutils.utcnow())
    return abs(elapsed) <= CONF.service_down_time


class Heartbeat:
    """Reports one service's liveness; run by the service's report loop."""

    def __init__(self, service_ref):
        self.service_ref = service_ref
        self.disconnected = False

    def report(self):
        service = self.service_ref
        try:
            service.report_count += 1
            service.save()
        except (messaging.MessagingTimeout, messaging.MessageDeliveryFailure,
                exception.NovaLiteException, OSError):
            # The conductor (or the broker) is away: say it once, keep the
            # count so the next report catches up, and keep trying.
            service.report_count -= 1
            if not self.disconnected:
                LOG.warning('Lost connection to nova-lite-conductor for '
                            'reporting service status.', exc_info=True)
            self.disconnected = True
            return
        if self.disconnected:
            LOG.info('Recovered the connection to nova-lite-conductor for '
                     'reporting service status.')
            self.disconnected = False
