"""Booting over the REST API: the API, conductor, scheduler and computes
build a server for real, as openstacksdk sees it.

Each test boots what it needs; the ``cloud`` fixture deletes it afterwards.
"""

import hashlib
import ipaddress
import re

import openstack.exceptions
import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional import sdk

pytestmark = cloud_mod.ONE_BACKEND

NO_VALID_HOST = ('No valid host was found. There are not enough hosts '
                 'available.')


def _show(conn, server_id, version, admin=None):
    """GET /servers/{id} at ``version``, checked against the schema."""
    resp = conn.compute.get('/servers/%s' % server_id, microversion=version)
    assert resp.status_code == 200, resp.text
    return cloud_mod.validate('servers.show', version, resp.json(),
                              admin=admin)['server']


def test_boot_to_active_as_the_sdk_sees_it(cloud):
    conn = cloud.demo
    created = cloud.boot(conn, name='boot-one', networks='auto',
                         metadata={'purpose': 'functional'})
    assert created.id and created.admin_password, created
    server = cloud.wait_status(created)
    assert server.microversion == sdk.MAX_VERSION, server.microversion
    assert server.status == 'ACTIVE' and server.name == 'boot-one'
    assert server.vm_state == 'active' and server.task_state is None
    assert server.power_state == 1, server.power_state
    assert server.project_id == 'demo' and server.user_id == 'demo'
    assert server.metadata == {'purpose': 'functional'}
    assert server.launched_at, server
    assert server.image.id == cloud.image_id, server.image
    # 2.47+: the flavor is embedded.
    assert server.flavor.original_name == 'nl.tiny', server.flavor
    assert (server.flavor.ram, server.flavor.vcpus, server.flavor.disk) == \
        cloud_mod.FLAVORS['nl.tiny'], server.flavor
    # networks=auto: one fixed address on the private network.
    addresses = server.addresses
    assert list(addresses) == ['private'], addresses
    (port,) = addresses['private']
    assert ipaddress.ip_address(port['addr']) in \
        ipaddress.ip_network('10.0.0.0/16'), port
    assert port['version'] == 4 and port['OS-EXT-IPS:type'] == 'fixed'
    assert port['OS-EXT-IPS-MAC:mac_addr'], port

    body = _show(conn, server.id, '2.60', admin=False)
    host = cloud.host_of(server.id)
    assert host in fixtures.COMPUTE_RESOURCES, host
    expected = hashlib.sha224(('demo' + host).encode()).hexdigest()
    assert body['hostId'] == expected, (body['hostId'], host)
    # What the member cannot see, the admin can.
    admin_body = _show(cloud.admin, server.id, '2.60', admin=True)
    assert admin_body['OS-EXT-SRV-ATTR:host'] == host
    assert admin_body['OS-EXT-SRV-ATTR:hypervisor_hostname'], admin_body
    assert admin_body['host_status'] == 'UP', admin_body
    fixtures.record_figure(cloud.dep.backend, 'api1', 'boot_host', host)


@pytest.mark.parametrize('version', ['2.1', '2.47', '2.60'])
def test_show_at_each_microversion(cloud, version):
    server = cloud.boot_active(name='shape-%s' % version)
    conn = cloud.demo
    body = _show(conn, server.id, version, admin=False)
    flavor = body['flavor']
    if version == '2.1':
        assert flavor['id'] == cloud.flavors['nl.tiny'], flavor
        assert 'locked' not in body and 'description' not in body, body
    else:
        assert 'id' not in flavor and flavor['original_name'] == 'nl.tiny'
        assert flavor['extra_specs'] == {}, flavor
    if version == '2.60':
        assert body['locked'] is False and body['tags'] == [], body
    # The same server through a connection pinned to that version, and
    # through the resource's own microversion argument.
    pinned = cloud.conn(*cloud_mod.DEMO, microversion=version)
    again = pinned.compute.get_server(server.id)
    assert again.microversion == version and again.status == 'ACTIVE'
    fetched = server.fetch(conn.compute, microversion=version)
    assert fetched.microversion == version and fetched.status == 'ACTIVE'
    if version == '2.1':
        assert fetched.flavor.id == cloud.flavors['nl.tiny']
    else:
        assert fetched.flavor.original_name == 'nl.tiny'


def test_create_response_and_request_id(cloud):
    """202, Location, the create body's shape; the action has its id."""
    conn = cloud.demo
    body = {'server': {'name': 'raw-create', 'imageRef': cloud.image_id,
                       'flavorRef': cloud.flavors['nl.tiny'],
                       'networks': 'none'}}
    resp = conn.compute.post('/servers', json=body, microversion='2.60')
    assert resp.status_code == 202, resp.text
    created = cloud_mod.validate('servers.create', '2.60',
                                 resp.json())['server']
    assert resp.headers['Location'].endswith('/v2.1/servers/%s'
                                             % created['id']), resp.headers
    request_id = resp.headers['x-openstack-request-id']
    cloud.wait_status(created['id'])
    recorded = cloud.dep.db_scalar(
        "SELECT request_id FROM instance_actions WHERE action = 'create' "
        'AND instance_uuid = :uuid', uuid=created['id'])
    assert recorded == request_id, (recorded, request_id)


def test_multi_create_spreads_over_both_computes(cloud):
    conn = cloud.demo
    first = cloud.boot(conn, name='multi', flavor='nl.quarter', min_count=4,
                       max_count=4)
    mine = [s for s in conn.compute.servers() if s.name.startswith('multi')]
    assert len(mine) == 4, [(s.name, s.id) for s in mine]
    assert first.id in {s.id for s in mine}
    # Nova suffixes the names of a multi-create with the launch index + 1.
    assert sorted(s.name for s in mine) == ['multi-%d' % i
                                            for i in range(1, 5)]
    # One reservation (an admin-only attribute).
    ids = {m.id for m in mine}
    seen = [s for s in cloud.admin.compute.servers(all_projects=True)
            if s.id in ids]
    reservations = {s.reservation_id for s in seen}
    assert len(seen) == 4 and len(reservations) == 1, reservations
    assert reservations.pop().startswith('r-'), seen
    for server in mine:
        cloud.wait_status(server)
    hosts = {s.id: cloud.host_of(s.id) for s in mine}
    assert set(hosts.values()) == set(fixtures.COMPUTE_RESOURCES), hosts


def test_no_valid_host_ends_in_error_with_fault(cloud):
    conn = cloud.demo
    server = cloud.wait_status(cloud.boot(conn, name='too-big',
                                          flavor='nl.huge'), status='ERROR')
    body = _show(conn, server.id, '2.60', admin=False)
    assert body['OS-EXT-STS:vm_state'] == 'error', body
    assert body['OS-EXT-STS:task_state'] is None, body
    fault = body['fault']
    assert fault['code'] == 500 and fault['message'] == NO_VALID_HOST, fault
    assert 'details' not in fault, fault  # a 500's details are admin-only
    admin_body = _show(cloud.admin, server.id, '2.60', admin=True)
    assert admin_body['fault']['message'] == NO_VALID_HOST
    assert admin_body['OS-EXT-SRV-ATTR:host'] is None, admin_body
    assert cloud.allocation_count(server.id) == 0


# -- failing computes ---------------------------------------------------------

# Much bigger than compute1 and compute2: every weigher puts it first.
BIG = dict(vcpus=64, memory_mb=262144, local_gb=4000)


@pytest.fixture
def failing_compute(cloud, spawned):
    """Start a third, bigger compute whose spawns fail; remove it after."""
    started = []

    def start(host, failure):
        proc = spawned(fixtures.COMPUTE, host, fake=dict(
            BIG, spawn_failure=failure, spawn_failure_hosts=host))
        started.append(proc)
        cloud.dep.wait_registered(proc)
        fixtures.wait_for(
            lambda: host in {r['Host'] for r in cloud.dep.host_list()},
            '%s to report its node' % host, diagnostics=cloud.diagnostics)
        return proc
    yield start
    # The servers go first, while their hosts still exist.
    cloud.delete_all()
    for proc in started:
        proc.kill()
        # (No row to delete if it never registered.)
        cloud.dep.manage('service', 'delete', proc.host, fixtures.COMPUTE,
                         check=False)


def test_reschedule_ends_active_on_another_compute(cloud, failing_compute):
    proc = failing_compute('compute-resched', 'reschedule')
    conn = cloud.demo
    server = cloud.wait_status(cloud.boot(conn, name='rescheduled'))
    host = cloud.host_of(server.id)
    assert host in fixtures.COMPUTE_RESOURCES, host
    # It was tried on the failing compute first, which handed it back.
    # (os-instance-actions would show it; where it is not served, the log.)
    tried = [line for line in proc.log_since().splitlines()
             if server.id in line and re.search('re-?schedul', line, re.I)]
    assert tried, cloud.dep.diagnostics([proc])
    actions = conn.compute.get('/servers/%s/os-instance-actions' % server.id)
    if actions.status_code == 200:
        names = [a['action'] for a in actions.json()['instanceActions']]
        assert names == ['create'], names
    # The allocation is on the final host only.
    providers = cloud.dep.db_scalar(
        'SELECT COUNT(DISTINCT resource_provider_uuid) FROM allocations '
        'WHERE consumer_id = :uuid', uuid=server.id)
    final = cloud.dep.db_scalar(
        'SELECT COUNT(*) FROM allocations a JOIN compute_nodes n ON '
        'a.resource_provider_uuid = n.uuid WHERE a.consumer_id = :uuid '
        'AND n.host = :host AND n.deleted = 0', uuid=server.id, host=host)
    assert providers == 1 and final > 0, (providers, final)


def test_fatal_spawn_failure_ends_in_error(cloud, failing_compute):
    proc = failing_compute('compute-fatal', 'fatal')
    conn = cloud.demo
    server = cloud.wait_status(cloud.boot(conn, name='doomed'),
                               status='ERROR')
    assert server.id in proc.log_since(), cloud.dep.diagnostics([proc])
    admin_body = _show(cloud.admin, server.id, '2.60', admin=True)
    fault = admin_body['fault']
    assert fault['message'] and fault['code'] in (400, 500), fault
    assert NO_VALID_HOST not in fault['message'], fault
    assert admin_body['OS-EXT-STS:task_state'] is None, admin_body
    assert cloud.allocation_count(server.id) == 0


# -- delete ---------------------------------------------------------------------

def _memory_used(dep, host):
    """What ``nova-lite-manage host list`` shows as Memory MB Used, read
    from its row directly (a manage run per poll is slow)."""
    return dep.db_scalar(
        'SELECT memory_mb_used FROM compute_nodes WHERE host = :host '
        'AND deleted = 0', host=host)


def test_delete_releases_the_allocation(cloud):
    conn = cloud.demo
    baseline = {h: _memory_used(cloud.dep, h)
                for h in fixtures.COMPUTE_RESOURCES}
    server = cloud.boot_active(conn, name='to-delete')
    host = cloud.host_of(server.id)
    assert cloud.allocation_count(server.id) > 0
    ram = cloud_mod.FLAVORS['nl.tiny'][0]
    fixtures.wait_for(
        lambda: _memory_used(cloud.dep, host) == baseline[host] + ram,
        'the usage of %s to count the server' % host,
        diagnostics=cloud.diagnostics)

    resp = conn.compute.delete('/servers/%s' % server.id)
    assert resp.status_code == 204, resp.text
    cloud.wait_gone(server.id, conn=conn)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_server(server.id)
    assert cloud.allocation_count(server.id) == 0
    fixtures.wait_for(
        lambda: _memory_used(cloud.dep, host) == baseline[host],
        'the usage of %s back to its baseline' % host,
        diagnostics=cloud.diagnostics)
    again = conn.compute.delete('/servers/%s' % server.id)
    cloud_mod.assert_fault(again, 404)
    # The operator's view agrees.
    row = {r['Host']: r for r in cloud.dep.host_list()}[host]
    assert int(row['Memory MB Used']) == baseline[host], row


def test_delete_while_its_compute_is_down_is_local(cloud):
    dep = cloud.dep
    server = cloud.boot_active(name='orphan')
    host = cloud.host_of(server.id)
    proc = dep.core[host]
    proc.kill()
    try:
        # The API's own view of the compute (2.16 host_status): Nova shows
        # UNKNOWN once the service stops reporting.
        status = fixtures.wait_for(
            lambda: _show(cloud.admin, server.id, '2.60')['host_status']
            != 'UP' and _show(cloud.admin, server.id, '2.60')['host_status'],
            'the API to see %s down' % host, diagnostics=cloud.diagnostics)
        assert status == 'UNKNOWN', status
        resp = cloud.demo.compute.delete('/servers/%s' % server.id)
        assert resp.status_code == 204, resp.text
        # Local delete: gone at once, nothing waits for the dead compute.
        cloud.wait_gone(server.id, timeout=5)
        assert cloud.allocation_count(server.id) == 0
    finally:
        dep.wait_registered(dep.restart(proc))
