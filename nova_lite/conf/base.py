"""[DEFAULT] options every nova_lite binary reads."""

import socket

from oslo_config import cfg

base_opts = [
    cfg.StrOpt('host',
               default=socket.gethostname(),
               sample_default='<current_hostname>',
               help="""
Name of this node, as the services table and the compute RPC topic know it.

A compute service listens on the ``compute.<host>`` queue, so this must be
unique among computes and stable across restarts: changing it makes the
node look like a new hypervisor.

Possible values:

* A hostname, FQDN or any string that is unique in the deployment.
"""),
    cfg.StrOpt('state_path',
               default='/var/lib/nova-lite',
               help="""
Top-level directory for the state nova_lite keeps on local disk, such as the
embedded SQLite database.
"""),
    cfg.StrOpt('concurrency_backend',
               default='threading',
               choices=[
                   ('threading', 'Native threads (the default, as Nova '
                                 'itself now runs).'),
                   ('eventlet', 'Green threads: eventlet monkey-patches the '
                                'standard library at start.'),
               ],
               help="""
How a service runs its concurrent work: RPC handlers, periodic tasks and the
heartbeat.

The choice is read from the configuration files before anything else is
imported, because eventlet must patch the standard library first; a change
takes effect on the next start, not on SIGHUP.
"""),
    cfg.StrOpt('default_availability_zone',
               default='nova',
               help="""
Availability zone of compute hosts.

Related options:

* ``internal_service_availability_zone``
"""),
    cfg.StrOpt('internal_service_availability_zone',
               default='internal',
               help="""
Availability zone shown for services that are not computes (conductor,
scheduler).
"""),
    cfg.IntOpt('long_rpc_timeout',
               default=1800,
               min=1,
               help="""
Timeout in seconds for RPC calls known to take long, such as the
scheduler's ``select_destinations``. The call is kept alive by heartbeats
(oslo.messaging's call monitor), so a dead peer is still noticed within
``rpc_response_timeout``.

Related options:

* ``rpc_response_timeout`` (oslo.messaging)
"""),
]


def register_opts(conf):
    conf.register_opts(base_opts)


def list_opts():
    return {'DEFAULT': base_opts}
