"""Fixtures of the compute tests: a SQLite database behind a fake
conductor that counts the round trips the API side makes."""

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
    with db_fixture.test_database(tmp_path, sqlite_template) as database:
        yield database


@pytest.fixture
def conductor(db):
    """Every remotable call goes through a FakeConductor (``.calls``)."""
    saved = base.NovaLiteObject.indirection_api
    fake = fake_conductor.FakeConductor()
    base.NovaLiteObject.indirection_api = fake
    try:
        yield fake
    finally:
        base.NovaLiteObject.indirection_api = saved


@pytest.fixture
def user_ctx():
    return nl_context.RequestContext(user_id='u1', project_id='p1',
                                     roles=['member', 'reader'],
                                     request_id='req-api-1')


@pytest.fixture
def admin_ctx():
    return nl_context.RequestContext(user_id='admin', project_id='admin',
                                     roles=['admin', 'member', 'reader'],
                                     request_id='req-api-admin')
