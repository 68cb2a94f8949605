"""Tell systemd how a service is doing (the sd_notify protocol).

A unit of ``Type=notify`` starts the service with ``NOTIFY_SOCKET`` in its
environment: the address of a Unix datagram socket of systemd's. The
service sends it datagrams of newline-separated ``KEY=VALUE`` lines:

* ``READY=1`` once it really serves (registered and consuming its RPC
  topic; the API listening). Until then ``systemctl start`` waits, and
  units ordered ``After=`` it do not start;
* ``RELOADING=1`` (with ``MONOTONIC_USEC``) when a SIGHUP reload begins,
  then ``READY=1`` again when it is done;
* ``STOPPING=1`` when a stop begins;
* ``STATUS=...``, a line ``systemctl status`` shows.

An address starting with ``@`` is in Linux's abstract namespace (a NUL
byte replaces the ``@``); one starting with ``/`` is a path. Without
``NOTIFY_SOCKET`` (not under systemd, or another unit type) every call is
a no-op; a failure to send is logged, never raised: a service keeps
running whatever happens to its supervisor's socket.

systemd's own libsystemd is not needed for this, nor oslo.service (whose
helper lives in its launcher code, which nova_lite does not use).
"""

import os
import socket
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

ENV = 'NOTIFY_SOCKET'


def _address(name):
    if name.startswith('@'):
        return '\0' + name[1:]
    if name.startswith('/'):
        return name
    return None


def notify(*lines):
    """Send ``lines`` (``'READY=1'``, …) as one datagram; True if sent."""
    name = os.environ.get(ENV)
    if not name:
        return False
    address = _address(name)
    if address is None:
        LOG.warning('Not notifying systemd: unsupported %s=%s', ENV, name)
        return False
    message = '\n'.join(lines).encode('utf-8')
    try:
        with socket.socket(socket.AF_UNIX,
                           socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message)
    except OSError as exc:
        LOG.warning('Could not notify systemd (%s) at %s: %s',
                    ', '.join(lines), name, exc)
        return False
    LOG.debug('Notified systemd: %s', ', '.join(lines))
    return True


def ready(status=None):
    """The service serves (after start-up, or after a reload)."""
    lines = ['READY=1']
    if status:
        lines.append('STATUS=%s' % status)
    return notify(*lines)


def reloading():
    """A reload (SIGHUP) begins; :func:`ready` ends it."""
    usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    return notify('RELOADING=1', 'MONOTONIC_USEC=%d' % usec,
                  'STATUS=Reloading configuration')


def stopping():
    """A stop begins."""
    return notify('STOPPING=1', 'STATUS=Stopping')
