"""``nova_lite.api.wsgi:application``: nova-lite-api for any WSGI server.

uWSGI, gunicorn or mod_wsgi import ``application``; the first request
parses the configuration (``NOVA_LITE_CONFIG_FILE``, a comma-separated list
of files, or the default files), sets up logging and RPC, points the
objects at the conductor and builds the app. Nothing opens a database here.
"""

import os
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

CONFIG_ENV = 'NOVA_LITE_CONFIG_FILE'

_APP = None
_LOCK = threading.Lock()


def init_application(argv=None, wait_for_conductor=False):
    """Parse config, set up RPC and the indirection API; return the app."""
    from nova_lite.cmd import common
    from nova_lite.api import app

    files = [f for f in os.environ.get(CONFIG_ENV, '').split(',') if f]
    args = ['nova-lite-api']
    for path in files:
        args += ['--config-file', path]
    common.parse_args_or_exit(args if argv is None else argv)
    common.use_conductor(wait=wait_for_conductor)
    return app.setup_app()


def application(environ, start_response):
    """The WSGI callable; builds the real app on the first call."""
    global _APP
    if _APP is None:
        with _LOCK:
            if _APP is None:
                _APP = init_application()
    return _APP(environ, start_response)
