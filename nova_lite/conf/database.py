"""[database]: oslo.db's options, with nova_lite's defaults.

Only nova-lite-conductor and nova-lite-manage read this group; the other
services run with no ``[database]`` section at all.
"""

from oslo_config import cfg
from oslo_db import options as oslo_db_options

_DEFAULT_SQL_CONNECTION = 'sqlite:///$state_path/nova_lite.sqlite'


def register_opts(conf):
    oslo_db_options.set_defaults(conf, connection=_DEFAULT_SQL_CONNECTION)


def set_sample_defaults():
    cfg.set_defaults(oslo_db_options.database_opts,
                     connection=_DEFAULT_SQL_CONNECTION)


def list_opts():
    # The generator already lists oslo.db's own namespace; only the
    # defaults set above belong to nova_lite.
    return {}
