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

# Libraries kept quiet unless they warn, on top of oslo.log's own defaults
# (get_default_log_levels()), which already cover amqp, sqlalchemy,
# stevedore, oslo_policy and oslo.messaging under both of its logger names,
# "oslo.messaging.*" and "oslo_messaging.*". With debug = True the DEBUG
# lines are then nova_lite's own.
_EXTRA_LOG_LEVELS = [
    'kombu=WARN', 'alembic=WARN', 'oslo_db=WARN', 'urllib3=WARN',
    # "Running periodic task ..." for every task of every round; the
    # service logs one DEBUG line per round instead.
    'oslo_service.periodic_task=INFO',
]


def default_log_levels():
    """oslo.log's default log levels with ours laid over them."""
    levels = {}
    for entry in logging.get_default_log_levels() + _EXTRA_LOG_LEVELS:
        name, _sep, level = entry.partition('=')
        levels[name] = level
    return ['%s=%s' % item for item in levels.items()]


def parse_args(argv, default_config_files=None, init_rpc=True):
    """Load ``argv[1:]`` and the config files into the global CONF.

    Also sets up oslo.log and, unless ``init_rpc`` is False (tools that only
    need the database), the RPC transport.
    """
    logging.set_defaults(default_log_levels=default_log_levels())
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
