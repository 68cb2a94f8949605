"""All of nova_lite's options, registered on the global ``CONF``.

Options are declared only in this package, one module per group; each
module offers ``register_opts(conf)`` and ``list_opts()``.
"""

from oslo_config import cfg

from nova_lite.conf import api
from nova_lite.conf import base
from nova_lite.conf import compute
from nova_lite.conf import database
from nova_lite.conf import fake_driver
from nova_lite.conf import network
from nova_lite.conf import quota
from nova_lite.conf import scheduler
from nova_lite.conf import service
from nova_lite.conf import upgrade_levels

CONF = cfg.CONF

api.register_opts(CONF)
base.register_opts(CONF)
compute.register_opts(CONF)
database.register_opts(CONF)
fake_driver.register_opts(CONF)
network.register_opts(CONF)
quota.register_opts(CONF)
scheduler.register_opts(CONF)
service.register_opts(CONF)
upgrade_levels.register_opts(CONF)
