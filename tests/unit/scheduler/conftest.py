import pytest

from tests.unit import boot_fakes
from tests.unit.db import db_fixture


@pytest.fixture(scope='session')
def sqlite_template(tmp_path_factory):
    return db_fixture.make_sqlite_template(tmp_path_factory.mktemp('db'))


@pytest.fixture
def db(tmp_path, sqlite_template):
    with db_fixture.test_database(tmp_path, sqlite_template) as database:
        yield database


@pytest.fixture
def ctx():
    return boot_fakes.user_context()
