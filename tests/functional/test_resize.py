"""Resize, confirmResize and revertResize over the real processes.

Two computes (compute1: 16 GB, compute2: 8 GB), RabbitMQ and MariaDB;
driven with openstacksdk and the ``openstack`` CLI. Every resize is
checked down to the allocation rows: while a resize waits for its
confirmation the source node is held by the migration (its uuid is the
consumer) and the destination by the server; a confirm leaves exactly the
new flavor on the destination, a revert exactly the old one on the source.

The resize to the same host needs ``[DEFAULT] allow_resize_to_same_host``
in nova-lite-api: this module starts a second API with it (the shared
one keeps Nova's default, false).
"""

import json
import os
import pathlib
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional import sdk

pytestmark = cloud_mod.ONE_BACKEND

# name -> (RAM MB, vCPUs, disk GB). 'rs.c1only' fits compute1 (16 GB)
# but not compute2 (8 GB), whatever else is there.
FLAVORS = {
    'rs.small': (512, 1, 1),
    'rs.big': (1024, 2, 2),
    'rs.c1only': (10240, 1, 2),
}
SMALL = {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}
BIG = {'VCPU': 2, 'MEMORY_MB': 1024, 'DISK_GB': 2}
C1ONLY = {'VCPU': 1, 'MEMORY_MB': 10240, 'DISK_GB': 2}
OTHER_HOST = {'compute1': 'compute2', 'compute2': 'compute1'}
OPENSTACK = pathlib.Path(sys.executable).parent / 'openstack'


# -- fixtures and helpers ---------------------------------------------------------

@pytest.fixture
def flavors(cloud):
    """The module's flavors (made once per deployment), name -> id."""
    existing = {f.name: f.id for f in cloud.admin.compute.flavors(
        is_public=None)}
    for name, (ram, vcpus, disk) in FLAVORS.items():
        if name not in existing:
            existing[name] = cloud.admin.compute.create_flavor(
                name=name, ram=ram, vcpus=vcpus, disk=disk).id
        cloud.flavors[name] = existing[name]
    return cloud.flavors


class Database:
    """Direct reads of the deployment's database (never the API's)."""

    def __init__(self, url):
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)

    def rows(self, sql, **params):
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.text(sql),
                                                  params).mappings()]

    def holdings(self, consumer):
        """{host: {resource class: used}} the consumer holds."""
        found = {}
        for row in self.rows(
                'SELECT n.host, a.resource_class, a.used FROM allocations a '
                'JOIN compute_nodes n ON n.uuid = a.resource_provider_uuid '
                'WHERE a.consumer_id = :c', c=consumer):
            found.setdefault(row['host'], {})[row['resource_class']] = (
                row['used'])
        return found

    def migrations(self, instance_uuid):
        return self.rows('SELECT * FROM migrations WHERE instance_uuid = :u '
                         'ORDER BY id', u=instance_uuid)

    def events(self, instance_uuid, action):
        return {r['event']: r['result'] for r in self.rows(
            'SELECT e.event, e.result FROM instance_actions_events e JOIN '
            'instance_actions a ON a.id = e.action_id WHERE '
            'a.instance_uuid = :u AND a.action = :a', u=instance_uuid,
            a=action)}

    def fault_messages(self, instance_uuid):
        return [r['message'] for r in self.rows(
            'SELECT message FROM instance_faults WHERE instance_uuid = :u',
            u=instance_uuid)]


@pytest.fixture(scope='module')
def db(deployment):
    database = Database(deployment.db_url)
    yield database
    database.engine.dispose()


def _show(cloud, server_id):
    resp = cloud.admin.compute.get('/servers/%s' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _finished_events(db, instance_uuid, action):
    """{event: result} of ``action`` once every event has a result: a
    compute records its event's end after the cast that hands the work on,
    so the server may settle a moment before that."""
    seen = {}

    def finished():
        seen['e'] = db.events(instance_uuid, action)
        return seen['e'] and None not in seen['e'].values()
    fixtures.wait_for(finished, 'the %s events to finish' % action)
    return seen['e']


def _wait(cloud, server_id, status, what=None):
    """Wait for ``status`` with no task under way; return the server as
    an admin sees it."""
    seen = {}

    def settled():
        seen['s'] = _show(cloud, server_id)
        return (seen['s']['status'] == status and
                seen['s']['OS-EXT-STS:task_state'] is None) and seen['s']
    return fixtures.wait_for(
        settled, what or '%s to be %s' % (server_id, status),
        diagnostics=lambda: 'last: %r\n%s' % (
            {k: v for k, v in (seen.get('s') or {}).items()
             if k.startswith('OS-EXT') or k in ('status', 'flavor')},
            cloud.diagnostics(lines=30)))


def _action(cloud, server_id, body, token=sdk.token(*cloud_mod.DEMO),
            version='2.1'):
    return cloud.request('POST', '/v2.1/servers/%s/action' % server_id,
                         json=body, token=token, version=version)


def _boot(cloud, flavor, conn=None, host=None):
    """An ACTIVE server of ``flavor``; on ``host`` when given (as admin)."""
    kwargs = {}
    if host is not None:
        conn = cloud.admin
        kwargs['availability_zone'] = 'nova:%s' % host
    server = cloud.boot_active(conn=conn or cloud.demo, name='resize-me',
                               flavor=flavor, **kwargs)
    return server, cloud.host_of(server.id)


# -- resize, then confirm -------------------------------------------------------------

def test_resize_to_the_other_host_then_confirm(cloud, flavors, db):
    server, source = _boot(cloud, 'rs.small')
    assert db.holdings(server.id) == {source: SMALL}

    cloud.demo.compute.resize_server(server, flavors['rs.big'])
    shown = _wait(cloud, server.id, 'VERIFY_RESIZE')
    dest = OTHER_HOST[source]
    assert shown['OS-EXT-SRV-ATTR:host'] == dest
    assert shown['OS-EXT-STS:vm_state'] == 'resized'
    assert shown['flavor']['id'] == flavors['rs.big']
    migration, = db.migrations(server.id)
    assert (migration['status'], migration['migration_type'],
            migration['source_compute'], migration['dest_compute']) == (
        'finished', 'resize', source, dest)
    # The source is held by the migration until the confirmation.
    assert db.holdings(server.id) == {dest: BIG}
    assert db.holdings(migration['uuid']) == {source: SMALL}
    assert _finished_events(db, server.id, 'resize') == {
        'conductor_migrate_server': 'Success',
        'compute_prep_resize': 'Success',
        'compute_resize_instance': 'Success',
        'compute_finish_resize': 'Success'}

    cloud.demo.compute.confirm_server_resize(server)
    shown = _wait(cloud, server.id, 'ACTIVE')
    assert shown['OS-EXT-SRV-ATTR:host'] == dest
    assert db.migrations(server.id)[0]['status'] == 'confirmed'
    # Exactly the new flavor on the destination; nothing on the source.
    assert db.holdings(server.id) == {dest: BIG}
    assert db.holdings(migration['uuid']) == {}
    assert cloud.allocation_count(migration['uuid']) == 0
    assert _finished_events(db, server.id, 'confirmResize') == {
        'compute_confirm_resize': 'Success'}

    # A second confirm: the server is no longer waiting for one.
    resp = _action(cloud, server.id, {'confirmResize': None})
    cloud_mod.assert_fault(resp, 409, "Cannot 'confirmResize' instance",
                           'vm_state active')


def test_confirm_answers_204(cloud, flavors):
    server, _source = _boot(cloud, 'rs.small')
    resp = _action(cloud, server.id,
                   {'resize': {'flavorRef': flavors['rs.big'],
                               'OS-DCF:diskConfig': 'AUTO'}},
                   version='2.73')
    assert (resp.status_code, resp.text) == (202, '')
    _wait(cloud, server.id, 'VERIFY_RESIZE')
    resp = _action(cloud, server.id, {'confirmResize': None},
                   version='2.73')
    assert (resp.status_code, resp.text) == (204, '')
    _wait(cloud, server.id, 'ACTIVE')


# -- resize, then revert (the openstack CLI) ---------------------------------------

CLOUDS_YAML = """\
clouds:
  nl-demo:
    auth_type: v3token
    auth:
      auth_url: {url}/identity
      token: "demo:demo"
    region_name: RegionOne
"""


def _openstack(cloud, tmp_path, *args):
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text(CLOUDS_YAML.format(url=cloud.url))
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=str(clouds), OS_CLOUD='nl-demo')
    result = subprocess.run([str(OPENSTACK)] + list(args),
                            capture_output=True, text=True, env=env,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, (args, result.stdout,
                                    result.stderr[-3000:])
    return result.stdout


def test_resize_then_revert_with_the_cli(cloud, flavors, db, tmp_path):
    server, source = _boot(cloud, 'rs.small')
    dest = OTHER_HOST[source]

    _openstack(cloud, tmp_path, 'server', 'resize', '--flavor', 'rs.big',
               '--wait', server.id)
    shown = json.loads(_openstack(cloud, tmp_path, 'server', 'show',
                                  server.id, '-f', 'json'))
    assert shown['status'] == 'VERIFY_RESIZE'
    migration, = db.migrations(server.id)
    assert db.holdings(server.id) == {dest: BIG}
    assert db.holdings(migration['uuid']) == {source: SMALL}

    _openstack(cloud, tmp_path, 'server', 'resize', 'revert', server.id)
    shown = _wait(cloud, server.id, 'ACTIVE')
    # Back on the source with the old flavor; the destination released.
    assert shown['OS-EXT-SRV-ATTR:host'] == source
    assert shown['flavor']['id'] == flavors['rs.small']
    assert db.migrations(server.id)[0]['status'] == 'reverted'
    assert db.holdings(server.id) == {source: SMALL}
    assert db.holdings(migration['uuid']) == {}
    assert _finished_events(db, server.id, 'revertResize') == {
        'compute_revert_resize': 'Success',
        'compute_finish_revert_resize': 'Success'}


# -- no valid host, and the same host when allowed --------------------------------

def test_no_valid_host_leaves_the_server_active(cloud, flavors, db):
    # On compute1, to a flavor only compute1 can take: with the source
    # excluded (Nova's default) no host is left.
    server, source = _boot(cloud, 'rs.small', host='compute1')
    resp = _action(cloud, server.id,
                   {'resize': {'flavorRef': flavors['rs.c1only']}},
                   token=sdk.token(*cloud_mod.ADMIN))
    assert resp.status_code == 202, resp.text

    def failed():
        return db.events(server.id, 'resize').get(
            'conductor_migrate_server') == 'Error'
    fixtures.wait_for(failed, 'the resize to fail in the conductor',
                      diagnostics=cloud.diagnostics)
    shown = _wait(cloud, server.id, 'ACTIVE')
    assert shown['OS-EXT-SRV-ATTR:host'] == source
    assert shown['flavor']['id'] == flavors['rs.small']
    migration, = db.migrations(server.id)
    assert migration['status'] == 'error'
    assert db.holdings(server.id) == {source: SMALL}
    assert db.holdings(migration['uuid']) == {}
    assert any('No valid host was found' in m
               for m in db.fault_messages(server.id))
    # The action says so too (os-instance-actions shows the same rows).
    action, = db.rows("SELECT * FROM instance_actions WHERE instance_uuid "
                      "= :u AND action = 'resize'", u=server.id)
    assert action['instance_uuid'] == server.id


@pytest.fixture(scope='module')
def same_host_api(deployment, api_cloud):
    """A second nova-lite-api, with allow_resize_to_same_host = True."""
    port = fixtures.free_port()
    proc = deployment.launch(
        fixtures.API, 'api-same-host', audited=True, api_port=port,
        sections={'DEFAULT': {'allow_resize_to_same_host': 'True'}})
    url = 'http://127.0.0.1:%d' % port

    def answers():
        import requests
        if not proc.alive():
            raise AssertionError('api-same-host exited')
        try:
            return requests.get(url + '/v2.1', timeout=5).status_code == 200
        except requests.ConnectionError:
            return False
    fixtures.wait_for(answers, 'api-same-host to answer')
    yield sdk.connect(url, *cloud_mod.ADMIN)
    proc.stop()


@pytest.mark.parametrize('end', ['confirm', 'revert'])
def test_same_host_resize_when_allowed(cloud, flavors, db, same_host_api,
                                       end):
    server, source = _boot(cloud, 'rs.small', host='compute1')
    same_host_api.compute.resize_server(server, flavors['rs.c1only'])
    shown = _wait(cloud, server.id, 'VERIFY_RESIZE')
    assert shown['OS-EXT-SRV-ATTR:host'] == source == 'compute1'
    migration, = db.migrations(server.id)
    assert migration['source_compute'] == migration['dest_compute']
    # Both flavors on the one node until the end of the resize.
    assert db.holdings(server.id) == {source: C1ONLY}
    assert db.holdings(migration['uuid']) == {source: SMALL}

    if end == 'confirm':
        same_host_api.compute.confirm_server_resize(server)
        kept, status = C1ONLY, 'confirmed'
    else:
        same_host_api.compute.revert_server_resize(server)
        kept, status = SMALL, 'reverted'
    shown = _wait(cloud, server.id, 'ACTIVE')
    assert shown['OS-EXT-SRV-ATTR:host'] == source
    assert db.migrations(server.id)[0]['status'] == status
    assert db.holdings(server.id) == {source: kept}
    assert db.holdings(migration['uuid']) == {}


# -- refusals ------------------------------------------------------------------------

def test_refusals(cloud, flavors, db):
    server, _source = _boot(cloud, 'rs.big')
    sid = server.id

    for name in ('confirmResize', 'revertResize'):
        resp = _action(cloud, sid, {name: None})
        cloud_mod.assert_fault(resp, 409, "Cannot '%s' instance %s while "
                               "it is in vm_state active" % (name, sid))
    resp = _action(cloud, sid, {'resize': {'flavorRef': flavors['rs.big']}})
    cloud_mod.assert_fault(resp, 400,
                           'When resizing, instances must change flavor!')
    resp = _action(cloud, sid, {'resize': {'flavorRef': 'no-such-flavor'}})
    cloud_mod.assert_fault(resp, 400, 'no-such-flavor')
    resp = _action(cloud, sid,
                   {'resize': {'flavorRef': flavors['rs.small']}})
    cloud_mod.assert_fault(resp, 400, 'Unable to resize disk down.')
    resp = _action(cloud, sid, {'resize': {}})
    cloud_mod.assert_fault(resp, 400, 'flavorRef')
    resp = _action(cloud, sid, {'resize': {'flavorRef': flavors['rs.small'],
                                           'OS-DCF:diskConfig': 'SOMETIMES'}})
    cloud_mod.assert_fault(resp, 400)
    # Another project's server does not exist for the caller.
    resp = _action(cloud, sid, {'resize': {'flavorRef': flavors['rs.small']}},
                   token=sdk.token(*cloud_mod.OTHER))
    cloud_mod.assert_fault(resp, 404)
    # A reader of the project may look, not resize.
    resp = _action(cloud, sid, {'resize': {'flavorRef': flavors['rs.small']}},
                   token=sdk.token('demo', 'demo', ['reader']))
    cloud_mod.assert_fault(resp, 403, 'os_compute_api:servers:resize')

    # Nothing was started by any of them.
    assert db.migrations(sid) == []
    shown = _wait(cloud, sid, 'ACTIVE')
    assert shown['flavor']['id'] == flavors['rs.big']
