"""Parse the command line and config files; set up logging and RPC."""

from oslo_log import log as logging

import nova_lite.conf
from nova_lite import exception
from nova_lite import monkey_patch
from nova_lite import rpc
from nova_lite import version

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

logging.register_options(CONF)
rpc.register_opts(CONF)

_DEFAULT_LOG_LEVELS = [
    'amqp=WARN', 'amqplib=WARN', 'kombu=WARN', 'oslo_messaging=INFO',
    'sqlalchemy=WARN', 'alembic=WARN', 'oslo_db=WARN', 'stevedore=WARN',
    'iso8601=WARN', 'urllib3=WARN', 'oslo_policy=INFO',
]


def parse_args(argv, default_config_files=None, init_rpc=True):
    """Load ``argv[1:]`` and the config files into the global CONF.

    Also sets up oslo.log and, unless ``init_rpc`` is False (tools that only
    need the database), the RPC transport.
    """
    logging.set_defaults(default_log_levels=_DEFAULT_LOG_LEVELS)
    CONF(argv[1:], project='nova-lite', version=version.version_string(),
         default_config_files=default_config_files)
    logging.setup(CONF, 'nova-lite')
    _check_backend()
    if init_rpc:
        rpc.init(CONF)


def _check_backend():
    patched = monkey_patch.patched_backend()
    if patched is not None and patched != CONF.concurrency_backend:
        raise exception.ConfigInvalid(reason=(
            'concurrency_backend is %s in the configuration but the process '
            'started with %s; it cannot change after start'
            % (CONF.concurrency_backend, patched)))
