"""nova-lite-conductor: the only service that opens the database."""

import sys

from nova_lite.cmd import common
from nova_lite import service


def main():
    # SIGTERM is obeyed from here on, start-up included.
    service.install_signal_handlers()
    common.parse_args_or_exit(sys.argv)
    # No indirection API here: remotable methods run locally, and the
    # conductor manager opens the database guard in init_host().
    return service.run(service.Service.create(binary='nova-lite-conductor'))
