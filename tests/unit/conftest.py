"""Fixtures shared by the unit tests: config, in-process RPC, SQLite."""

import uuid

from oslo_config import fixture as config_fixture
from oslo_messaging import conffixture as messaging_conffixture
import pytest

import nova_lite.conf
from nova_lite import config  # noqa: F401 - registers oslo.log options
from nova_lite import rpc

CONF = nova_lite.conf.CONF


@pytest.fixture(scope='session', autouse=True)
def _parsed_conf():
    CONF([], project='nova-lite', default_config_files=[])
    yield


@pytest.fixture
def conf():
    """The global CONF; overrides made through it are undone afterwards."""
    fixture = config_fixture.Config(CONF)
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


@pytest.fixture(autouse=True)
def fake_driver_state(tmp_path):
    """Each test's own ``state_path``: the fake driver keeps its guests in
    a file under it, which must neither leak between tests nor land in
    /var/lib/nova-lite."""
    CONF.set_override('state_path', str(tmp_path))
    yield tmp_path
    CONF.clear_override('state_path')


@pytest.fixture(scope='session')
def rpc_transport(_parsed_conf):
    """oslo.messaging on the in-process kombu memory transport (~1 ms/call).

    Topics are shared process-wide by the memory broker: tests use unique
    topic or host names (see ``unique``).
    """
    messaging_conf = messaging_conffixture.ConfFixture(CONF)
    messaging_conf.setUp()
    messaging_conf.transport_url = 'kombu+memory:////'
    rpc.init(CONF)
    yield rpc.TRANSPORT
    rpc.cleanup()
    messaging_conf.cleanUp()


@pytest.fixture(scope='module')
def unique():
    return 'u%s' % uuid.uuid4().hex[:10]
