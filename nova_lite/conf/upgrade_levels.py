"""[upgrade_levels]: cap the RPC versions sent to each service."""

from oslo_config import cfg

upgrade_group = cfg.OptGroup('upgrade_levels',
                             title='Upgrade levels',
                             help="""
Pin the RPC API version this service sends to each other service, so that a
newer control plane keeps talking to services of an older release during a
rolling upgrade.

Possible values for each option:

* ``auto`` (default): the oldest version among the running services of that
  binary, read from the services table (through the conductor) at start
  and again on SIGHUP.
* A release name (see ``nova_lite/objects/service.py``).
* An RPC API version such as ``1.0``.
* Unset: send the newest version this release knows.
""")

_HELP = ("RPC version cap for messages sent to the %s service: 'auto', a "
         "release name or a version.")

upgrade_levels_opts = [
    cfg.StrOpt('compute', default='auto', help=_HELP % 'compute'),
    cfg.StrOpt('conductor', default=None,
               help=_HELP % 'conductor' + ' Computes must not be newer than '
               'the conductor, so this is normally left unset.'),
    cfg.StrOpt('scheduler', default='auto', help=_HELP % 'scheduler'),
    cfg.StrOpt('baseapi', default=None,
               help=_HELP % 'base (ping)' + ' Rarely needed.'),
]


def register_opts(conf):
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_levels_opts, group=upgrade_group)


def list_opts():
    return {upgrade_group: upgrade_levels_opts}
