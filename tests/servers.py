"""The machine's real MariaDB, PostgreSQL and RabbitMQ, for tests.

Each test run gets its own database (or vhost) with a random name, and drops
it afterwards, so runs never collide. When a server is missing the test is
skipped, except under ``CI=true``, where a missing server is a failure.

Where the servers are (environment, with the defaults CI sets up):

* ``NOVA_LITE_TEST_MYSQL_URL``   mysql+pymysql://nova_lite:nova_lite@127.0.0.1:3306/
* ``NOVA_LITE_TEST_PG_URL``      postgresql+psycopg2://postgres@127.0.0.1:5432/
* ``NOVA_LITE_TEST_RABBIT_URL``  rabbit://guest:guest@127.0.0.1:5672/
"""

import os
import shutil
import socket
import subprocess
import urllib.parse
import uuid

import pytest

MYSQL_URL = os.environ.get(
    'NOVA_LITE_TEST_MYSQL_URL',
    'mysql+pymysql://nova_lite:nova_lite@127.0.0.1:3306/')
PG_URL = os.environ.get(
    'NOVA_LITE_TEST_PG_URL', 'postgresql+psycopg2://postgres@127.0.0.1:5432/')
RABBIT_URL = os.environ.get(
    'NOVA_LITE_TEST_RABBIT_URL', 'rabbit://guest:guest@127.0.0.1:5672/')

_BASES = {'mysql': MYSQL_URL, 'postgresql': PG_URL}


def unique_name(prefix='nova_lite_test'):
    return '%s_%s' % (prefix, uuid.uuid4().hex[:12])


def missing(what, why):
    """Skip, or under CI fail: a missing server is never silently ignored."""
    message = '%s is not available: %s' % (what, why)
    if os.environ.get('CI') == 'true':
        pytest.fail(message + ' (CI=true: servers are required)')
    pytest.skip(message)


def _port_open(url, default_port):
    parts = urllib.parse.urlsplit(url.replace('+pymysql', '')
                                  .replace('+psycopg2', ''))
    try:
        with socket.create_connection(
                (parts.hostname or '127.0.0.1', parts.port or default_port),
                timeout=2):
            return True
    except OSError:
        return False


def create_database(kind):
    """Create an empty database on the ``kind`` server; return its URL."""
    import sqlalchemy as sa
    base = _BASES[kind]
    if not _port_open(base, 3306 if kind == 'mysql' else 5432):
        missing(kind, 'nothing listens at %s' % base)
    name = unique_name()
    admin_url = base + ('postgres' if kind == 'postgresql' else '')
    try:
        engine = sa.create_engine(admin_url, isolation_level='AUTOCOMMIT')
        with engine.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE %s' % name))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - reported as a skip/failure
        missing(kind, exc)
    return base + name + ('?charset=utf8mb4' if kind == 'mysql' else '')


def drop_database(kind, url):
    import sqlalchemy as sa
    name = urllib.parse.urlsplit(url).path.lstrip('/')
    admin_url = _BASES[kind] + ('postgres' if kind == 'postgresql' else '')
    engine = sa.create_engine(admin_url, isolation_level='AUTOCOMMIT')
    with engine.connect() as conn:
        if kind == 'postgresql':
            conn.execute(sa.text(
                'SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                'WHERE datname = :name AND pid <> pg_backend_pid()'),
                {'name': name})
        conn.execute(sa.text('DROP DATABASE IF EXISTS %s' % name))
    engine.dispose()


def _rabbitmqctl(*args):
    return subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                          capture_output=True, text=True, timeout=60)


def create_vhost():
    """Create a RabbitMQ vhost for one test run; return its transport URL."""
    if not _port_open(RABBIT_URL, 5672):
        missing('RabbitMQ', 'nothing listens at %s' % RABBIT_URL)
    if shutil.which('rabbitmqctl') is None:
        missing('RabbitMQ', 'rabbitmqctl is not installed')
    vhost = unique_name()
    user = urllib.parse.urlsplit(RABBIT_URL).username or 'guest'
    try:
        _rabbitmqctl('add_vhost', vhost)
        _rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*')
    except (subprocess.SubprocessError, OSError) as exc:
        missing('RabbitMQ', exc)
    return RABBIT_URL.rstrip('/') + '/' + vhost, vhost


def delete_vhost(vhost):
    _rabbitmqctl('delete_vhost', vhost)
