"""[DEFAULT] options of the service framework: heartbeat and periodic tasks."""

from oslo_config import cfg

service_opts = [
    cfg.IntOpt('report_interval',
               default=10,
               min=1,
               help="""
Seconds between two heartbeats of a service.

Each heartbeat updates the service's row (through the conductor), and a
service whose last heartbeat is older than ``service_down_time`` is shown
as down.

Related options:

* ``service_down_time``: should be at least three times this value.
"""),
    cfg.IntOpt('service_down_time',
               default=60,
               min=1,
               help="""
Seconds without a heartbeat after which a service is considered down.

A compute that is down is not chosen by the scheduler.

Related options:

* ``report_interval``
"""),
    cfg.BoolOpt('periodic_enable',
                default=True,
                help="Run the periodic tasks of a service (resource updates "
                     "and the like). The heartbeat runs regardless."),
    cfg.IntOpt('periodic_fuzzy_delay',
               default=60,
               min=0,
               help="""
Upper bound, in seconds, of a random delay before a service's periodic tasks
first run, so that services started together do not stampede the conductor.
0 disables the delay.
"""),
    cfg.IntOpt('graceful_shutdown_timeout',
               default=60,
               min=0,
               help="""
Seconds a service waits, on SIGTERM, for the RPC requests it is handling to
finish before it exits anyway. 0 waits for ever.
"""),
    cfg.IntOpt('conductor_wait_timeout',
               default=0,
               min=0,
               help="""
Seconds a service other than the conductor waits at start for a conductor to
answer before it gives up and exits. 0 (the default) waits for ever, so a
compute or scheduler started before the conductor (or before the message
broker is reachable) keeps retrying and starts once it is.
"""),
]


def register_opts(conf):
    conf.register_opts(service_opts)


def list_opts():
    return {'DEFAULT': service_opts}
