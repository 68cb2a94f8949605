"""tests/api_schemas: the response schemas accept Nova's documented bodies
and refuse the near misses (a key of another version, a missing one)."""

import copy

import jsonschema
import pytest

from tests import api_schemas

UUID = '9168b536-cd40-4630-b43f-b259807c6e87'
IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
HOST = 'http://openstack.example.com'

# A server as the compute API reference shows it at 2.1 (non-admin).
SERVER_21 = {
    'id': UUID, 'name': 'new-server-test', 'status': 'ACTIVE',
    'tenant_id': '6f70656e737461636b20342065766572',
    'user_id': 'fake', 'metadata': {'My Server Name': 'Apache1'},
    'hostId': '92154fab69d5883ba2c8622b7e65f745dd33257221c07af363c51b29',
    'image': {'id': IMAGE, 'links': [
        {'href': HOST + '/images/' + IMAGE, 'rel': 'bookmark'}]},
    'flavor': {'id': '1', 'links': [
        {'href': HOST + '/flavors/1', 'rel': 'bookmark'}]},
    'created': '2013-09-03T04:01:32Z', 'updated': '2013-09-03T04:01:33Z',
    'addresses': {'private': [{
        'addr': '192.168.0.3', 'OS-EXT-IPS-MAC:mac_addr': 'aa:bb:cc:dd:ee:ff',
        'OS-EXT-IPS:type': 'fixed', 'version': 4}]},
    'accessIPv4': '1.2.3.4', 'accessIPv6': '80fe::',
    'links': [{'href': HOST + '/v2.1/servers/' + UUID, 'rel': 'self'},
              {'href': HOST + '/servers/' + UUID, 'rel': 'bookmark'}],
    'OS-DCF:diskConfig': 'AUTO', 'progress': 0,
    'OS-EXT-AZ:availability_zone': 'nova', 'config_drive': '',
    'key_name': None, 'OS-SRV-USG:launched_at': '2013-09-23T13:37:00.880302',
    'OS-SRV-USG:terminated_at': None, 'OS-EXT-STS:power_state': 1,
    'OS-EXT-STS:task_state': None, 'OS-EXT-STS:vm_state': 'active',
    'os-extended-volumes:volumes_attached': [],
    'security_groups': [{'name': 'default'}],
}
ADMIN_21 = {'OS-EXT-SRV-ATTR:host': 'compute',
            'OS-EXT-SRV-ATTR:hypervisor_hostname': 'fake-mini',
            'OS-EXT-SRV-ATTR:instance_name': 'instance-00000001'}
ADMIN_23 = {'OS-EXT-SRV-ATTR:reservation_id': 'r-ov3q80zj',
            'OS-EXT-SRV-ATTR:launch_index': 0,
            'OS-EXT-SRV-ATTR:hostname': 'new-server-test',
            'OS-EXT-SRV-ATTR:kernel_id': '', 'OS-EXT-SRV-ATTR:ramdisk_id': '',
            'OS-EXT-SRV-ATTR:root_device_name': '/dev/sda',
            'OS-EXT-SRV-ATTR:user_data': None}


def server_at(version, admin=False, show=True):
    """The reference server with each version's keys added (``show``:
    as GET /servers/{id} has it, else as in the detailed list)."""
    server = copy.deepcopy(SERVER_21)
    minor = int(version.split('.')[1])
    if admin:
        server.update(ADMIN_21)
        if minor >= 3:
            server.update(ADMIN_23)
        if minor >= 16:
            server['host_status'] = 'UP'
    if minor >= 9:
        server['locked'] = False
    if minor >= 19:
        server['description'] = None
    if minor >= 26:
        server['tags'] = []
    if minor >= 47:
        server['flavor'] = {'original_name': 'm1.tiny', 'vcpus': 1,
                            'ram': 512, 'disk': 1, 'ephemeral': 0, 'swap': 0,
                            'extra_specs': {'hw:numa_nodes': '1'}}
    if minor >= 63:
        server['trusted_image_certificates'] = None
    if minor >= 71 and show:
        server['server_groups'] = ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8']
    if minor >= 73:
        server['locked_reason'] = None
    return server


VERSIONS = ['2.1', '2.3', '2.9', '2.16', '2.19', '2.26', '2.47', '2.60',
            '2.63', '2.71', '2.73']


@pytest.mark.parametrize('version', VERSIONS)
@pytest.mark.parametrize('admin', [False, True])
def test_reference_servers_are_valid(version, admin):
    server = server_at(version, admin)
    api_schemas.validate('servers.show', version, {'server': server},
                         admin=admin)
    api_schemas.validate('servers.show', version, {'server': server})
    listed = server_at(version, admin, show=False)
    api_schemas.validate('servers.detail', version, {'servers': [listed]},
                         admin=admin)


@pytest.mark.parametrize('version,change', [
    ('2.1', {'locked': False}),
    ('2.9', {'locked': None}),
    ('2.18', {'description': 'x'}),
    ('2.25', {'tags': []}),
    ('2.46', {'flavor': {'original_name': 'm1.tiny', 'vcpus': 1, 'ram': 1,
                         'disk': 1, 'ephemeral': 0, 'swap': 0}}),
    ('2.47', {'flavor': {'id': '1', 'links': []}}),
    ('2.62', {'trusted_image_certificates': None}),
    ('2.63', {'trusted_image_certificates': []}),
    ('2.70', {'server_groups': []}),
    ('2.71', {'server_groups': ['a', 'b']}),
    ('2.72', {'locked_reason': None}),
    ('2.73', {'locked_reason': 5}),
    ('2.1', {'status': 'RUNNING'}),
    ('2.1', {'hostId': 'abc'}),
    ('2.1', {'created': '2013-09-03 04:01:32'}),
    ('2.1', {'OS-SRV-USG:launched_at': '2013-09-23T13:37:00Z'}),
    ('2.1', {'OS-EXT-STS:power_state': 2}),
    ('2.1', {'image': None}),
    ('2.1', {'addresses': {'private': [{'addr': '10.0.0.1',
                                        'version': 4}]}}),
])
def test_near_misses_are_refused(version, change):
    server = server_at(version)
    server.update(change)
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.show', version, {'server': server})


@pytest.mark.parametrize('version,missing', [
    ('2.9', 'locked'), ('2.19', 'description'), ('2.26', 'tags'),
    ('2.63', 'trusted_image_certificates'), ('2.71', 'server_groups'),
    ('2.73', 'locked_reason'),
    ('2.1', 'OS-EXT-STS:vm_state'), ('2.1', 'addresses'),
    ('2.1', 'os-extended-volumes:volumes_attached'),
])
def test_missing_keys_are_refused(version, missing):
    server = server_at(version)
    del server[missing]
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.show', version, {'server': server})


def test_admin_keys():
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.show', '2.3',
                             {'server': server_at('2.3', admin=True)},
                             admin=False)
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.show', '2.3',
                             {'server': server_at('2.3')}, admin=True)
    server = server_at('2.16', admin=True)
    del server['OS-EXT-SRV-ATTR:hostname']
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.show', '2.16', {'server': server},
                             admin=True)


def test_index_and_links():
    body = {'servers': [{'id': UUID, 'name': 'x',
                         'links': SERVER_21['links']}],
            'servers_links': [{'rel': 'next', 'href': HOST +
                               '/v2.1/servers?limit=1&marker=' + UUID}]}
    api_schemas.validate('servers.index', '2.73', body)
    body['servers'][0]['status'] = 'ACTIVE'
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.index', '2.73', body)


def test_create():
    body = {'server': {'id': UUID, 'links': SERVER_21['links'],
                       'OS-DCF:diskConfig': 'MANUAL', 'adminPass': 'xyz',
                       'security_groups': [{'name': 'default'}]}}
    api_schemas.validate('servers.create', '2.37', body)
    api_schemas.validate('servers.create_reservation', '2.1',
                         {'reservation_id': 'r-3fhpjulh'})
    del body['server']['links']
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('servers.create', '2.37', body)


FLAVOR_21 = {
    'id': '1', 'name': 'm1.tiny', 'ram': 512, 'vcpus': 1, 'disk': 1,
    'swap': '', 'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': False, 'os-flavor-access:is_public': True,
    'rxtx_factor': 1.0,
    'links': [{'href': HOST + '/v2.1/flavors/1', 'rel': 'self'},
              {'href': HOST + '/flavors/1', 'rel': 'bookmark'}],
}


def test_flavors():
    api_schemas.validate('flavors.show', '2.1', {'flavor': FLAVOR_21})
    api_schemas.validate('flavors.detail', '2.54', {'flavors': [FLAVOR_21]})
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('flavors.show', '2.55', {'flavor': FLAVOR_21})
    described = dict(FLAVOR_21, description=None, swap=512)
    api_schemas.validate('flavors.show', '2.55', {'flavor': described})
    api_schemas.validate('flavors.index', '2.55', {'flavors': [{
        'id': '1', 'name': 'm1.tiny', 'links': FLAVOR_21['links'],
        'description': 'tiny'}]})
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('flavors.show', '2.1',
                             {'flavor': dict(FLAVOR_21, swap=0)})


def test_error_bodies():
    body = {'itemNotFound': {'code': 404, 'message': 'Flavor 9 could not '
                             'be found.'}}
    api_schemas.validate('error', None, body)
    api_schemas.validate('error', None, body, code=404)
    for bad in ({'itemNotFound': {'code': 404}},
                {'badRequest': {'code': 400, 'message': 'x'},
                 'itemNotFound': {'code': 404, 'message': 'x'}},
                {'error': {'code': 404, 'message': 'x'}}):
        with pytest.raises(jsonschema.ValidationError):
            api_schemas.validate('error', None, bad)
    with pytest.raises(jsonschema.ValidationError):
        api_schemas.validate('error', None, body, code=400)


def test_version_documents():
    links = [{'href': HOST + '/v2.1/', 'rel': 'self'}]
    api_schemas.validate('versions', None, {'versions': [{
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.73',
        'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
        'links': links}]})
    api_schemas.validate('version', None, {'version': {
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.73',
        'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
        'links': links + [{'href': 'http://docs.openstack.org/',
                           'rel': 'describedby', 'type': 'text/html'}],
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2.1'}]}})


def test_microversion_arguments():
    assert api_schemas.schema('servers.show', 'latest') == \
        api_schemas.schema('servers.show', '2.73')
    with pytest.raises(ValueError):
        api_schemas.validate('servers.show', '2.74', {})
    with pytest.raises(KeyError):
        api_schemas.validate('servers.nope', '2.1', {})
