"""In-process helpers of services that talk to the conductor."""

import time

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite import baserpc
from nova_lite import exception

LOG = logging.getLogger(__name__)


class API:
    """What a service needs from the conductor beyond object calls."""

    def __init__(self):
        self.base_rpcapi = baserpc.BaseAPI(topic='conductor')

    def wait_until_ready(self, context, timeout=0, max_attempt_timeout=10):
        """Block until a conductor answers a ping.

        A ping sent before any conductor has declared its queue is lost, so
        the first attempts wait briefly (1 s, 2 s, 4 s …) and later ones up to
        ``max_attempt_timeout``.

        :param timeout: give up after this many seconds (0: never)
        :raises: ConductorUnavailable when ``timeout`` passes
        """
        deadline = time.monotonic() + timeout if timeout else None
        attempt = 0
        while True:
            attempt += 1
            attempt_timeout = min(2 ** (attempt - 1), max_attempt_timeout)
            try:
                self.base_rpcapi.ping(context, 'wait_until_ready',
                                      timeout=attempt_timeout)
                if attempt > 1:
                    LOG.info('nova-lite-conductor answered after %d '
                             'attempts', attempt)
                return
            except messaging.MessagingTimeout:
                log = LOG.info if attempt < 4 else LOG.warning
                log('Timed out waiting for nova-lite-conductor (attempt %d). '
                    'Is it running? Or did this service start before '
                    'nova-lite-conductor? Retrying.', attempt)
            if deadline is not None and time.monotonic() > deadline:
                raise exception.ConductorUnavailable(timeout=timeout)
