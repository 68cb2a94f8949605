"""[database]: oslo.db's options, with nova_lite's defaults.

Only nova-lite-conductor and nova-lite-manage read this group; the other
services run with no ``[database]`` section at all.
"""

from oslo_config import cfg
from oslo_db import options as oslo_db_options

_DEFAULT_SQL_CONNECTION = 'sqlite:///$state_path/nova_lite.sqlite'

# oslo.db keeps 5 idle connections and closes every connection beyond them
# as soon as it is returned. The conductor serves its RPC calls from a pool
# of worker threads, so under load that meant opening (and closing) a MySQL
# connection for most calls: about 25 ms of CPU each with PyMySQL, which
# builds a TLS context per connection. Keep enough idle connections for
# the calls that run at once; the pool still opens them only when needed.
_DEFAULT_MAX_POOL_SIZE = 32


def register_opts(conf):
    oslo_db_options.set_defaults(conf, connection=_DEFAULT_SQL_CONNECTION,
                                 max_pool_size=_DEFAULT_MAX_POOL_SIZE)


def set_sample_defaults():
    cfg.set_defaults(oslo_db_options.database_opts,
                     connection=_DEFAULT_SQL_CONNECTION,
                     max_pool_size=_DEFAULT_MAX_POOL_SIZE)


def list_opts():
    # The generator already lists oslo.db's own namespace; only the
    # defaults set above belong to nova_lite.
    return {}
