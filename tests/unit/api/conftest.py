"""The whole API stack (webtest) on objects served by a fake conductor.

Requests go through every middleware and hook with ``auth_strategy =
noauth2``; remotable object calls make a JSON round trip through
``FakeConductor`` (as they would to nova-lite-conductor) to a SQLite
database of the test's own.
"""

import pytest
import webtest

import nova_lite.conf
from nova_lite.api import app as api_app
from nova_lite.api import policy
from nova_lite import objects
from nova_lite.objects import base
from tests.unit.db import db_fixture
from tests.unit.objects import fake_conductor

CONF = nova_lite.conf.CONF
objects.register_all()

ADMIN = 'admin:admin-project'
MEMBER = 'alice:p1'
OTHER = 'bob:p2'


def headers(token=ADMIN, version=None, **extra):
    """Request headers: a noauth2 token and optionally a microversion."""
    result = {'X-Auth-Token': token} if token else {}
    if version:
        result['OpenStack-API-Version'] = 'compute %s' % version
    result.update(extra)
    return result


@pytest.fixture(scope='session')
def sqlite_template(tmp_path_factory):
    return db_fixture.make_sqlite_template(tmp_path_factory.mktemp('db'))


@pytest.fixture
def db(tmp_path, sqlite_template):
    with db_fixture.test_database(tmp_path, sqlite_template) as database:
        yield database


@pytest.fixture
def conductor(db):
    saved = base.NovaLiteObject.indirection_api
    base.NovaLiteObject.indirection_api = fake_conductor.FakeConductor()
    yield base.NovaLiteObject.indirection_api
    base.NovaLiteObject.indirection_api = saved


@pytest.fixture
def policy_conf(conf):
    """CONF parsed (oslo.policy looks for its file in the config dirs; the
    conf fixture's cleanup un-parses CONF) and a fresh policy enforcer."""
    CONF([], project='nova-lite', default_config_files=[])
    policy.reset()
    yield conf
    policy.reset()


@pytest.fixture
def api(policy_conf, conductor):
    """A webtest TestApp of the full middleware stack."""
    policy_conf.config(group='api', auth_strategy='noauth2',
                       response_validation='error')
    return webtest.TestApp(api_app.setup_app())


def pytest_terminal_summary(terminalreporter):
    """The number of negative cases each write route got (if any ran)."""
    from tests import negative
    if not negative.COUNTS:
        return
    terminalreporter.section('negative cases (route @microversion)')
    for key, count in sorted(negative.COUNTS.items()):
        terminalreporter.write_line('%5d  %s' % (count, key))
    terminalreporter.write_line('%5d  in all, %d routes and versions' % (
        sum(negative.COUNTS.values()), len(negative.COUNTS)))
