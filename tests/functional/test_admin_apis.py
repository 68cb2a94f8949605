"""The admin and user APIs on the real processes, through openstacksdk:
os-keypairs, os-services, os-hypervisors, os-availability-zone, limits.

Bodies are read raw as well (``conn.compute.get``) and checked against the
response schemas of ``tests/api_schemas`` at the version asked for. A test
that disables or forces down a core compute puts it back; service delete
runs on a compute started for the test.
"""

import uuid

import openstack.exceptions
import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures

pytestmark = cloud_mod.ONE_BACKEND

# Made with ssh-keygen -t ed25519 (fingerprint from ssh-keygen -l -E md5).
PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG1o1wjAQlm2EJ6eYiIisBA'
              'fWO3p1pIwyoTNOGhy/17e test')
FINGERPRINT = 'f3:d4:34:7a:74:ee:33:f7:70:ad:e3:67:d1:64:cf:94'


def _get(conn, path, version, kind, **params):
    resp = conn.compute.get(path, params=params, microversion=version)
    assert resp.status_code == 200, (path, resp.status_code, resp.text)
    return cloud_mod.validate(kind, version, resp.json())


def _compute_service(conn, host):
    found = [svc for svc in conn.compute.services(
        host=host, binary=fixtures.COMPUTE)]
    assert len(found) == 1, found
    return found[0]


# --- keypairs ----------------------------------------------------------------

def test_keypairs_import_generate_list_show_delete(cloud):
    conn = cloud.demo
    name = 'kp-%s' % uuid.uuid4().hex[:8]
    imported = conn.compute.create_keypair(name=name, public_key=PUBLIC_KEY)
    generated = conn.compute.create_keypair(name=name + '-gen')
    try:
        assert imported.fingerprint == FINGERPRINT
        assert imported.type == 'ssh'
        assert generated.private_key.startswith('-----BEGIN RSA PRIVATE')
        listed = {kp.name for kp in conn.compute.keypairs()}
        assert {name, name + '-gen'} <= listed, listed
        shown = conn.compute.get_keypair(name)
        assert (shown.public_key, shown.user_id) == (PUBLIC_KEY, 'demo')
        for version in ('2.1', '2.35', '2.60'):
            _get(conn, '/os-keypairs', version, 'keypairs.index')
            _get(conn, '/os-keypairs/' + name, version, 'keypairs.show')
        # Another user sees neither; an admin names the owner (2.10).
        other = cloud.conn(*cloud_mod.OTHER)
        assert name not in {kp.name for kp in other.compute.keypairs()}
        with pytest.raises(openstack.exceptions.NotFoundException):
            other.compute.get_keypair(name)
        as_admin = cloud.admin.compute.get_keypair(name, user_id='demo')
        assert as_admin.fingerprint == FINGERPRINT
        with pytest.raises(openstack.exceptions.ConflictException):
            conn.compute.create_keypair(name=name, public_key=PUBLIC_KEY)
        resp = conn.compute.post('/os-keypairs', json={'keypair': {
            'name': name + '-bad', 'public_key': 'not a key'}},
            microversion='2.60')
        cloud_mod.assert_fault(resp, 400, 'failed to generate fingerprint')
    finally:
        conn.compute.delete_keypair(name)
        conn.compute.delete_keypair(name + '-gen')
    assert name not in {kp.name for kp in conn.compute.keypairs()}
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.delete_keypair(name, ignore_missing=False)


# --- services ----------------------------------------------------------------

def test_services_list_and_admin_only(cloud):
    conn = cloud.admin
    services = {(svc.host, svc.binary): svc for svc in
                conn.compute.services()}
    for host in fixtures.COMPUTE_RESOURCES:
        svc = services[(host, fixtures.COMPUTE)]
        assert (svc.state, svc.status) == ('up', 'enabled'), svc
        assert svc.availability_zone == 'nova'
        assert cloud_mod.UUID_RE.fullmatch(svc.id), svc.id
    for version in ('2.1', '2.11', '2.53', '2.60'):
        _get(conn, '/os-services', version, 'services.index')
    body = _get(conn, '/os-services', '2.60', 'services.index',
                binary=fixtures.CONDUCTOR)
    assert {svc['zone'] for svc in body['services']} == {'internal'}
    resp = cloud.request('GET', '/v2.1/os-services')
    cloud_mod.assert_fault(resp, 403, 'os_compute_api:os-services:list')


def test_disable_and_force_down_a_compute_then_restore_it(cloud):
    conn = cloud.admin
    svc = _compute_service(conn, 'compute2')
    try:
        updated = conn.compute.disable_service(
            svc, svc.host, svc.binary, disabled_reason='maintenance')
        assert (updated.status, updated.disabled_reason) == (
            'disabled', 'maintenance')
        resp = conn.compute.put('/os-services/%s' % svc.id,
                                json={'forced_down': True},
                                microversion='2.53')
        assert resp.status_code == 200, resp.text
        shown = cloud_mod.validate('services.show', '2.53',
                                   resp.json())['service']
        assert (shown['state'], shown['forced_down']) == ('down', True)
        # The zone of compute2 is still available: compute1 is enabled.
        zones = {z.name: z for z in conn.compute.availability_zones()}
        assert zones['nova'].state == {'available': True}
        # The hypervisor shows its service's status.
        hyps = {h.name: h for h in conn.compute.hypervisors(details=True)}
        assert hyps['compute2'].status == 'disabled'
        # The pre-2.53 forms.
        old = conn.compute.put('/os-services/enable', json={
            'host': 'compute2', 'binary': fixtures.COMPUTE},
            microversion='2.11')
        assert cloud_mod.validate('services.action', '2.11', old.json()) == {
            'service': {'host': 'compute2', 'binary': fixtures.COMPUTE,
                        'status': 'enabled'}}
    finally:
        # (The SDK sends only what differs from the resource it is given.)
        conn.compute.update_service(_compute_service(conn, 'compute2'),
                                    status='enabled', is_forced_down=False)
    restored = _compute_service(conn, 'compute2')
    assert (restored.status, restored.is_forced_down, restored.state) == (
        'enabled', False, 'up')


def test_delete_compute_service(cloud, spawned):
    conn = cloud.admin
    dep = cloud.dep
    busy = cloud.boot_active(name='pinned')
    host = cloud.host_of(busy.id)
    with pytest.raises(openstack.exceptions.ConflictException) as err:
        conn.compute.delete_service(_compute_service(conn, host),
                                    ignore_missing=False)
    assert 'hosting instances' in str(err.value)

    proc = spawned(fixtures.COMPUTE, 'compute-deleted-api')
    dep.wait_registered(proc)
    fixtures.wait_for(
        lambda: any(h.name == 'compute-deleted-api'
                    for h in conn.compute.hypervisors()),
        'the new compute to report its node', diagnostics=cloud.diagnostics)
    assert proc.stop(timeout=15) == 0, dep.diagnostics([proc])
    svc = _compute_service(conn, 'compute-deleted-api')
    conn.compute.delete_service(svc, ignore_missing=False)
    assert not list(conn.compute.services(host='compute-deleted-api'))
    assert 'compute-deleted-api' not in {
        h.name for h in conn.compute.hypervisors()}
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.delete_service(svc, ignore_missing=False)


# --- hypervisors ---------------------------------------------------------------

def test_hypervisors_report_the_computes_resources(cloud):
    conn = cloud.admin
    server = cloud.boot_active(flavor='nl.quarter')
    host = cloud.host_of(server.id)

    def reported():
        hyps = {h.name: h for h in conn.compute.hypervisors(details=True)}
        # Usage left by an earlier test's servers may still be reported:
        # wait for this server's own memory.
        return (all(h in hyps for h in fixtures.COMPUTE_RESOURCES)
                and hyps[host].running_vms >= 1
                and hyps[host].memory_used >= cloud_mod.FLAVORS[
                    'nl.quarter'][0] and hyps)
    hyps = fixtures.wait_for(reported, 'the computes to report usage',
                             diagnostics=cloud.diagnostics)
    for name, resources in fixtures.COMPUTE_RESOURCES.items():
        hyp = hyps[name]
        assert (hyp.vcpus, hyp.memory_size, hyp.local_disk_size) == (
            resources['vcpus'], resources['memory_mb'],
            resources['local_gb']), hyp
        assert (hyp.state, hyp.status) == ('up', 'enabled')
    assert hyps[host].memory_used >= cloud_mod.FLAVORS['nl.quarter'][0]
    shown = conn.compute.get_hypervisor(hyps[host].id)
    assert shown.service_details['host'] == host
    for version in ('2.1', '2.28', '2.33', '2.53', '2.60'):
        _get(conn, '/os-hypervisors', version, 'hypervisors.index')
        detail = _get(conn, '/os-hypervisors/detail', version,
                      'hypervisors.detail')
    ids = {h['hypervisor_hostname']: h['id'] for h in detail['hypervisors']}
    body = _get(conn, '/os-hypervisors/%s' % ids[host], '2.60',
                'hypervisors.show', with_servers='true')
    assert {'name': 'server', 'uuid': server.id} in body['hypervisor'][
        'servers']
    found = _get(conn, '/os-hypervisors', '2.60', 'hypervisors.index',
                 hypervisor_hostname_pattern=host)
    assert [h['hypervisor_hostname'] for h in found['hypervisors']] == [host]
    resp = cloud.request('GET', '/v2.1/os-hypervisors', version='2.60')
    cloud_mod.assert_fault(resp, 403, 'os-hypervisors:list')


# --- availability zones and limits ------------------------------------------------

def test_availability_zones(cloud):
    listed = list(cloud.demo.compute.availability_zones())
    assert [(z.name, z.state) for z in listed] == [
        ('nova', {'available': True})]
    _get(cloud.demo, '/os-availability-zone', '2.60',
         'availability_zones.index')
    detailed = {z.name: z for z in
                cloud.admin.compute.availability_zones(details=True)}
    assert set(fixtures.COMPUTE_RESOURCES) <= set(detailed['nova'].hosts)
    assert detailed['nova'].hosts['compute1'][fixtures.COMPUTE][
        'available'] is True
    assert 'internal' in detailed
    _get(cloud.admin, '/os-availability-zone/detail', '2.60',
         'availability_zones.detail')


def test_limits_count_the_projects_usage(cloud):
    conn = cloud.demo
    before = conn.compute.get_limits().absolute
    server = cloud.boot_active(flavor='nl.quarter')
    ram, vcpus, _disk = cloud_mod.FLAVORS['nl.quarter']
    after = conn.compute.get_limits().absolute
    assert after.instances_used == before.instances_used + 1
    assert after.total_cores_used == before.total_cores_used + vcpus
    assert after.total_ram_used == before.total_ram_used + ram
    assert (after.instances, after.keypairs, after.server_groups) == (
        10, 100, 10)
    assert after.server_groups_used == 0
    for version in ('2.1', '2.36', '2.57', '2.60'):
        _get(conn, '/limits', version, 'limits.show')
    other = cloud.conn(*cloud_mod.OTHER).compute.get_limits().absolute
    assert other.instances_used == 0
    assert server.id
