import contextlib

import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.objects import base
from tests.unit.db import db_fixture
from tests.unit.objects import fake_conductor

objects.register_all()


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
def ctx():
    return nl_context.RequestContext(user_id='u1', project_id='p1',
                                     is_admin=True, request_id='req-test')


@contextlib.contextmanager
def _indirection(api):
    saved = base.NovaLiteObject.indirection_api
    base.NovaLiteObject.indirection_api = api
    try:
        yield api
    finally:
        base.NovaLiteObject.indirection_api = saved


@pytest.fixture
def conductor(db):
    """Remotable methods go through a fake conductor (JSON round trips)."""
    with _indirection(fake_conductor.FakeConductor()) as fake:
        yield fake


@pytest.fixture(params=['local', 'conductor'])
def via(request, db):
    """Run the test's object calls locally, then through the conductor."""
    if request.param == 'local':
        yield None
        return
    with _indirection(fake_conductor.FakeConductor()) as fake:
        yield fake
    # The test did go through the conductor.
    assert fake.calls
