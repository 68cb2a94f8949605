import pytest

from nova_lite import context as nl_context
from tests import servers
from tests.unit.db import db_fixture


@pytest.fixture(scope='session')
def sqlite_template(tmp_path_factory):
    return db_fixture.make_sqlite_template(tmp_path_factory.mktemp('db'))


@pytest.fixture
def db(tmp_path, sqlite_template):
    """A migrated database of this test's own; the guard open.

    SQLite by default; NOVA_LITE_TEST_DB=mysql or postgresql runs the
    same tests on a fresh database of the machine's server instead.
    """
    with db_fixture.test_database(tmp_path, sqlite_template) as database:
        yield database


@pytest.fixture
def empty_url(request, tmp_path):
    """URL of an empty database of kind ``request.param``, dropped after.

    sqlite: a file in tmp_path; mysql/postgresql: a fresh database on the
    machine's server (tests/servers.py skips, or fails under CI=true,
    when the server is missing).
    """
    kind = request.param
    if kind == 'sqlite':
        yield db_fixture.sqlite_url(tmp_path / 'empty.sqlite')
        return
    url = servers.create_database(kind)
    try:
        yield url
    finally:
        servers.drop_database(kind, url)


@pytest.fixture
def any_db(empty_url):
    """A migrated database of every kind (parametrize ``empty_url``)."""
    with db_fixture.Database(empty_url) as database:
        yield database


@pytest.fixture
def ctx():
    return nl_context.get_admin_context()
