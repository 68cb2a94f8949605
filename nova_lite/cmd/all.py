"""nova-lite-all: every service in one process, for a laptop or a demo.

Runs the conductor, scheduler and compute side by side on the embedded
default: SQLite (``[database] connection``, under ``state_path``) and the
in-process ``kombu+memory:////`` transport, unless the configuration names
others. Not for production: one process means no isolation and no scale.
"""

import sys

import nova_lite.conf
from nova_lite.cmd import common
from nova_lite import service

CONF = nova_lite.conf.CONF

_IN_PROCESS_TRANSPORT = 'kombu+memory:////'
_BINARIES = ('nova-lite-conductor', 'nova-lite-scheduler',
             'nova-lite-compute')


def main():
    CONF.set_default('transport_url', _IN_PROCESS_TRANSPORT)
    common.parse_args_or_exit(sys.argv)
    # No indirection API: the conductor lives in this process, so object
    # methods run here, and its manager opens the database guard when it
    # starts (it is started first).
    return service.run(*[service.Service.create(binary=b)
                         for b in _BINARIES])
