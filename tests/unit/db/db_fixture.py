"""Test fixtures that give a test its own database and open the guard.

How a test reaches a database: ``Database`` points
``CONF.database.connection`` at a URL (by default a SQLite file in the
test's tmp directory) through an oslo.config ``Config`` fixture, calls
``nova_lite.db.api.dispose()`` so the next use builds an engine from it,
and opens the guard with ``allow_connections``. On cleanup it disposes of
the engine and puts the guard back as it found it (normally closed), so
other tests in the same process see no leftover state.

A fresh SQLite database is a copy of a template migrated once per session
(``make_sqlite_template``): every test still runs on the real migrations,
at the cost of a file copy. ``NOVA_LITE_TEST_DB=mysql`` (or
``postgresql``) runs the same tests on a fresh database of the machine's
server instead (``test_database``).
"""

import contextlib
import os
import shutil

import fixtures
import sqlalchemy as sa
from oslo_config import fixture as config_fixture

import nova_lite.conf
from nova_lite.db import api as db_api
from nova_lite.db import migration
from tests import servers

CONF = nova_lite.conf.CONF
TEST_BINARY = 'nova-lite-unit-tests'


def sqlite_url(path):
    return 'sqlite:///' + str(path)


class Database(fixtures.Fixture):
    """Open the guard on ``url`` (migrated unless ``sync`` is False)."""

    def __init__(self, url, template=None, sync=True):
        super().__init__()
        self.url = url
        self.template = template
        self.sync = sync

    def _setUp(self):
        if self.template is not None:
            shutil.copyfile(self.template,
                            self.url[len('sqlite:///'):])
        config = self.useFixture(config_fixture.Config(CONF))
        config.config(group='database', connection=self.url)
        previous = db_api.allowed_binary()
        db_api.dispose()
        db_api.allow_connections(TEST_BINARY)
        self.addCleanup(self._restore, previous)
        if self.sync and self.template is None:
            migration.db_sync()

    @staticmethod
    def _restore(previous):
        db_api.dispose()
        if previous is None:
            db_api.forbid_connections()
        else:
            db_api.allow_connections(previous)

    @property
    def engine(self):
        return db_api.get_engine()


def make_sqlite_template(directory):
    """Migrate an empty SQLite file once; return its path."""
    path = os.path.join(str(directory), 'template.sqlite')
    with Database(sqlite_url(path)):
        pass
    return path


@contextlib.contextmanager
def test_database(tmp_path, sqlite_template):
    """The database of one test: see NOVA_LITE_TEST_DB above."""
    kind = os.environ.get('NOVA_LITE_TEST_DB', 'sqlite')
    if kind == 'sqlite':
        url = sqlite_url(tmp_path / 'nova_lite.sqlite')
        with Database(url, template=sqlite_template) as database:
            yield database
        return
    url = servers.create_database(kind)
    try:
        with Database(url) as database:
            yield database
    finally:
        servers.drop_database(kind, url)


@contextlib.contextmanager
def count_selects():
    """Collect the SELECT statements run on the engine inside the block."""
    selects = []

    def record(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith('SELECT'):
            selects.append(statement)

    engine = db_api.get_engine()
    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        yield selects
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)
