"""Run a nova_lite binary under an audit hook that records its connections.

Usage::

    python audited_launch.py LOGFILE BINARY_PATH [ARGS...]

Before the binary's code runs, a ``sys.addaudithook`` hook is installed that
appends one JSON line to LOGFILE for every

* ``socket.connect`` (raised by ``connect`` and ``connect_ex``, including
  the ones eventlet's green sockets make on the real socket underneath):
  ``{"event": "socket.connect", "family": "AF_INET", "address": [h, p]}``
* ``sqlite3.connect``: ``{"event": "sqlite3.connect", "database": ...}``
* first import of a database client library (``sqlalchemy``, ``pymysql``,
  ``psycopg2``, ``sqlite3``): ``{"event": "import", "module": ...}``; for
  information only: importing is not connecting.

Lines are written with ``os.write`` on an ``O_APPEND`` descriptor, one call
per line, so nothing is buffered when the process is killed. Then the binary
runs as ``__main__`` in this same interpreter, with ``sys.argv`` as if it had
been started directly; its exit status is this process's.
"""

import json
import os
import runpy
import sys

_DB_MODULES = ('sqlalchemy', 'pymysql', 'psycopg2', 'psycopg', 'sqlite3',
               'MySQLdb')


def _install(logfile):
    fd = os.open(logfile, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    imported = set()
    inside = [False]

    def write(entry):
        entry['pid'] = os.getpid()
        os.write(fd, (json.dumps(entry, default=repr) + '\n').encode())

    def hook(event, args):
        if inside[0]:
            return
        if event == 'socket.connect':
            sock, address = args[0], args[1]
            if isinstance(address, bytes):
                address = address.decode('utf-8', 'replace')
            entry = {'event': event,
                     'family': getattr(sock.family, 'name', str(sock.family)),
                     'address': address}
        elif event.startswith('sqlite3.connect'):
            entry = {'event': event, 'database': str(args[0]) if args else ''}
        elif event == 'import':
            top = str(args[0]).partition('.')[0]
            if top not in _DB_MODULES or top in imported:
                return
            imported.add(top)
            entry = {'event': event, 'module': top}
        else:
            return
        inside[0] = True
        try:
            write(entry)
        finally:
            inside[0] = False

    write({'event': 'start', 'argv': sys.argv[2:]})
    sys.addaudithook(hook)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    logfile, binary = sys.argv[1], os.path.abspath(sys.argv[2])
    _install(logfile)
    sys.argv = [binary] + sys.argv[3:]
    sys.path[0] = os.path.dirname(binary)
    runpy.run_path(binary, run_name='__main__')


if __name__ == '__main__':
    main()
