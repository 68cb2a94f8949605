"""api/views/servers.py: pure functions of instance, microversion, role.

Every body built here is also checked against tests/api_schemas.
"""

import datetime
import hashlib
import types

from oslo_utils import timeutils
import pytest

from nova_lite.api import microversion
from nova_lite.api.views import servers as views
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import objects
from tests import api_schemas

objects.register_all()

UUID = 'c7f2bd0a-5d65-4f44-8c9e-7b3e2a1d9f00'
IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
CREATED = datetime.datetime(2018, 3, 1, 10, 20, 30, 123456,
                            tzinfo=datetime.timezone.utc)
VERSIONS = ['2.1', '2.3', '2.9', '2.16', '2.19', '2.26', '2.47', '2.60',
            '2.63', '2.73']


def request(version='2.1', admin=False, url='http://cloud:8774'):
    roles = ['admin', 'member', 'reader'] if admin else ['member', 'reader']
    return types.SimpleNamespace(
        api_version=microversion.APIVersion.parse(version),
        application_url=url,
        context=nl_context.RequestContext(user_id='u1', project_id='p1',
                                          roles=roles),
        GET={})


def options(admin=False, services=None):
    return views.ShowOptions(extended_attributes=admin, host_status=admin,
                             extra_specs=True, services=services)


def flavor():
    return objects.Flavor(id=1, flavorid='1', name='m1.tiny', memory_mb=512,
                          vcpus=1, root_gb=1, ephemeral_gb=0, swap=0,
                          extra_specs={'hw:cpu_policy': 'shared'})


def instance(**values):
    fields = dict(
        id=7, uuid=UUID, display_name='web', display_description='web',
        project_id='p1', user_id='u1', vm_state=vm_states.ACTIVE,
        task_state=None, power_state=1, host='host1', node='host1',
        hostname='web', image_ref=IMAGE, flavor=flavor(), metadata={},
        created_at=CREATED, updated_at=CREATED, launched_at=CREATED,
        terminated_at=None, availability_zone='nova', key_name=None,
        locked=False, locked_by=None, reservation_id='r-abcdefgh',
        launch_index=0, config_drive='', access_ip_v4=None,
        access_ip_v6=None, deleted=False, fault=None,
        fixed_ips=[objects.FixedIP(network='private', address='10.0.0.2',
                                   mac_address='fa:16:3e:00:00:01',
                                   instance_uuid=UUID)])
    fields.update(values)
    return objects.Instance(**fields)


def service(**values):
    fields = dict(host='host1', binary='nova-lite-compute', disabled=False,
                  forced_down=False, last_seen_up=timeutils.utcnow())
    fields.update(values)
    return objects.Service(**fields)


@pytest.mark.parametrize('version', VERSIONS)
@pytest.mark.parametrize('admin', [False, True])
def test_show_matches_the_schema(version, admin):
    shown = options(admin, {'host1': service()})
    if version == '2.73':
        # 2.71: the controller looks the server's groups up for show.
        shown = shown._replace(server_groups=[])
    body = views.show(request(version, admin), instance(), shown)
    api_schemas.validate('servers.show', version, body, admin=admin)
    listed = views.detail(request(version, admin), [instance()],
                          options(admin, {'host1': service()}), limit=None)
    api_schemas.validate('servers.detail', version, listed, admin=admin)


def test_show_at_2_1():
    server = views.show(request(), instance(), options())['server']
    assert server == {
        'id': UUID, 'name': 'web', 'status': 'ACTIVE', 'tenant_id': 'p1',
        'user_id': 'u1', 'metadata': {},
        'hostId': hashlib.sha224(b'p1host1').hexdigest(),
        'image': {'id': IMAGE, 'links': [{
            'rel': 'bookmark',
            'href': 'http://cloud:8774/images/%s' % IMAGE}]},
        'flavor': {'id': '1', 'links': [{
            'rel': 'bookmark', 'href': 'http://cloud:8774/flavors/1'}]},
        'created': '2018-03-01T10:20:30Z',
        'updated': '2018-03-01T10:20:30Z',
        'addresses': {'private': [{
            'version': 4, 'addr': '10.0.0.2', 'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01'}]},
        'accessIPv4': '', 'accessIPv6': '',
        'links': [
            {'rel': 'self',
             'href': 'http://cloud:8774/v2.1/servers/%s' % UUID},
            {'rel': 'bookmark',
             'href': 'http://cloud:8774/servers/%s' % UUID}],
        'OS-DCF:diskConfig': 'MANUAL',
        'progress': 0,
        'OS-EXT-AZ:availability_zone': 'nova',
        'config_drive': '',
        'key_name': None,
        'OS-SRV-USG:launched_at': '2018-03-01T10:20:30.123456',
        'OS-SRV-USG:terminated_at': None,
        'OS-EXT-STS:task_state': None,
        'OS-EXT-STS:vm_state': 'active',
        'OS-EXT-STS:power_state': 1,
        'os-extended-volumes:volumes_attached': [],
    }


def test_extended_attributes_for_admins():
    server = views.show(request('2.1', True), instance(),
                        options(True))['server']
    assert server['OS-EXT-SRV-ATTR:instance_name'] == 'instance-00000007'
    assert server['OS-EXT-SRV-ATTR:host'] == 'host1'
    assert 'OS-EXT-SRV-ATTR:reservation_id' not in server
    server = views.show(request('2.3', True), instance(),
                        options(True))['server']
    assert server['OS-EXT-SRV-ATTR:reservation_id'] == 'r-abcdefgh'
    assert server['OS-EXT-SRV-ATTR:hostname'] == 'web'


def test_version_dependent_keys():
    at = {}
    for version in VERSIONS:
        at[version] = views.show(
            request(version), instance(locked_by='owner', locked=True,
                                       locked_reason='maintenance'),
            options())['server']
    assert 'locked' not in at['2.3'] and at['2.9']['locked'] is True
    assert 'description' not in at['2.16']
    assert at['2.19']['description'] == 'web'
    assert 'tags' not in at['2.19'] and at['2.26']['tags'] == []
    assert at['2.47']['flavor'] == {
        'original_name': 'm1.tiny', 'vcpus': 1, 'ram': 512, 'disk': 1,
        'ephemeral': 0, 'swap': 0,
        'extra_specs': {'hw:cpu_policy': 'shared'}}
    assert 'trusted_image_certificates' not in at['2.60']
    assert at['2.63']['trusted_image_certificates'] is None
    assert 'locked_reason' not in at['2.63']
    assert at['2.73']['locked_reason'] == 'maintenance'


def test_embedded_flavor_without_extra_specs_policy():
    body = views.show(request('2.47'), instance(),
                      options()._replace(extra_specs=False))
    assert 'extra_specs' not in body['server']['flavor']


def test_building_server_hides_addresses_and_has_no_host_id():
    server = views.show(request(), instance(
        vm_state=vm_states.BUILDING, task_state='scheduling', host=None,
        node=None, power_state=0), options())['server']
    assert server['status'] == 'BUILD'
    assert server['addresses'] == {}
    assert server['hostId'] == ''
    assert server['progress'] == 0


def test_booted_from_volume_has_no_image():
    server = views.show(request(), instance(image_ref=''),
                        options())['server']
    assert server['image'] == ''


def test_error_fault_details_are_for_admins_on_500():
    fault = objects.InstanceFault(code=500, message='No valid host was '
                                  'found. ', details='Traceback',
                                  created_at=CREATED)
    failed = instance(vm_state=vm_states.ERROR, fault=fault)
    server = views.show(request(), failed, options())['server']
    assert server['status'] == 'ERROR' and 'progress' not in server
    assert server['fault'] == {'code': 500, 'created': '2018-03-01T10:20:30Z',
                               'message': 'No valid host was found. '}
    server = views.show(request(admin=True), failed, options())['server']
    assert server['fault']['details'] == 'Traceback'
    fault.code = 400
    server = views.show(request(), failed, options())['server']
    assert server['fault']['details'] == 'Traceback'


def test_no_fault_key_when_active():
    fault = objects.InstanceFault(code=500, message='old', details=None,
                                  created_at=CREATED)
    server = views.show(request(), instance(fault=fault),
                        options())['server']
    assert 'fault' not in server


def test_deleted_server():
    server = views.show(request(), instance(deleted=True),
                        options())['server']
    assert server['status'] == 'DELETED' and 'progress' not in server


@pytest.mark.parametrize('values,host,expected', [
    ({}, 'host1', 'UP'),
    ({'forced_down': True}, 'host1', 'DOWN'),
    ({'disabled': True}, 'host1', 'MAINTENANCE'),
    ({'last_seen_up': timeutils.utcnow() - datetime.timedelta(hours=1)},
     'host1', 'UNKNOWN'),
    ({}, None, ''),
    ({}, 'host2', ''),
])
def test_host_status(values, host, expected):
    services = {'host1': service(**values)}
    server = views.show(request('2.16', True), instance(host=host),
                        options(True, services))['server']
    assert server['host_status'] == expected


def test_create_view():
    body = views.create(request(), instance(), 'pass1234')
    api_schemas.validate('servers.create', '2.1', body)
    assert body['server']['adminPass'] == 'pass1234'


def test_index_and_detail_links_when_the_page_is_full():
    req = request()
    req.GET = {'limit': '2'}
    servers = [instance(), instance(uuid='d0e1f2a3-0000-4000-8000-000000000001',
                                    id=8)]
    body = views.index(req, servers, 2)
    api_schemas.validate('servers.index', '2.1', body)
    assert body['servers_links'][0]['href'] == (
        'http://cloud:8774/v2.1/servers?limit=2&marker='
        'd0e1f2a3-0000-4000-8000-000000000001')
    body = views.detail(req, servers, options(), 3)
    api_schemas.validate('servers.detail', '2.1', body, admin=False)
    assert 'servers_links' not in body


def test_detail_takes_addresses_from_a_mapping():
    body = views.detail(request(), [instance(fixed_ips=[])], options(), 10,
                        fixed_ips_by_uuid={UUID: [objects.FixedIP(
                            network='private', address='10.0.0.9',
                            mac_address='fa:16:3e:00:00:09',
                            instance_uuid=UUID)]})
    assert body['servers'][0]['addresses']['private'][0]['addr'] == \
        '10.0.0.9'
