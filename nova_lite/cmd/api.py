"""nova-lite-api: the compute REST API on a threaded WSGI server.

It has no [database] section: objects go to the conductor, which it waits
for at start. It is not in the services table (as nova-api by default).
"""

import sys

from nova_lite.api import app
from nova_lite.api import server
from nova_lite.cmd import common
from nova_lite import exception
from nova_lite import service


def main():
    common.parse_args_or_exit(sys.argv)
    try:
        application = app.setup_app()
    except exception.ConfigInvalid as exc:
        sys.stderr.write('%s: %s\n' % (sys.argv[0], exc))
        return 2
    common.use_conductor()
    return service.run(server.APIServer.create(application))
