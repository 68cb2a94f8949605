"""/servers through the whole API stack: boot, list, show, delete.

The conductor's objects are real (SQLite behind the fake conductor); the
two casts (build to the conductor, terminate to a compute) are mocks.
Every body is checked against tests/api_schemas.
"""

from unittest import mock

import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import context as nl_context
from nova_lite import objects
from tests import api_schemas
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'


@pytest.fixture
def casts():
    with mock.patch.object(conductor_rpcapi.ComputeTaskAPI,
                           'schedule_and_build_instances') as build, \
            mock.patch.object(compute_rpcapi.ComputeAPI,
                              'terminate_instance') as terminate:
        yield mock.Mock(build=build, terminate=terminate)


@pytest.fixture
def cloud(api, conductor, casts):
    ctx = nl_context.get_admin_context()
    objects.Flavor(ctx, name='m1.tiny', flavorid='1', memory_mb=512,
                   vcpus=1, root_gb=1, extra_specs={'hw:cpu': 'x'}).create()
    objects.Image(ctx, id=IMAGE_ID, name='cirros', visibility='public',
                  min_ram=0).create()
    service = objects.Service(ctx, host='host1', binary='nova-lite-compute',
                              topic='compute', availability_zone='nova')
    service.create()
    service.report_count = 1
    service.save()
    del conductor.calls[:]
    return api


def boot(api, token=MEMBER, version=None, status=202, **server):
    body = {'name': 'web', 'imageRef': IMAGE_ID, 'flavorRef': '1'}
    if version and tuple(int(p) for p in version.split('.')) >= (2, 37):
        body['networks'] = 'auto'
    body.update(server)
    return api.post_json('/v2.1/servers', {'server': body},
                         headers=headers(token, version), status=status)


def _error(response, code):
    api_schemas.validate('error', None, response.json, code=code)
    return response.json[api_schemas.common.FAULT_NAMES[code]]['message']


# --- POST /servers ----------------------------------------------------------

def test_boot(cloud, conductor, casts):
    response = boot(cloud)
    api_schemas.validate('servers.create', '2.1', response.json)
    server = response.json['server']
    assert response.headers['Location'] == (
        'http://localhost/v2.1/servers/%s' % server['id'])
    assert server['OS-DCF:diskConfig'] == 'MANUAL'
    assert len(server['adminPass']) == 12
    assert 'security_groups' not in server
    assert len(conductor.calls) == 4
    casts.build.assert_called_once()
    (instance,) = casts.build.call_args.kwargs['instances']
    assert instance.uuid == server['id']
    assert instance.display_description == 'web'


def test_boot_keeps_a_given_admin_pass(cloud):
    server = boot(cloud, adminPass='s3cret').json['server']
    assert server['adminPass'] == 's3cret'


def test_boot_return_reservation_id(cloud, casts):
    response = boot(cloud, min_count=2, max_count='3',
                    return_reservation_id=True)
    api_schemas.validate('servers.create_reservation', '2.1', response.json)
    assert len(casts.build.call_args.kwargs['instances']) == 3


def test_boot_description(cloud, casts):
    boot(cloud, version='2.19', description='the web server')
    (instance,) = casts.build.call_args.kwargs['instances']
    assert instance.display_description == 'the web server'
    boot(cloud, version='2.19')
    (instance,) = casts.build.call_args.kwargs['instances']
    assert instance.display_description is None


@pytest.mark.parametrize('server,version,message', [
    ({'name': 'x' * 256}, None, "is too long"),
    ({'name': ' web'}, None, 'name'),
    ({'flavorRef': ''}, None, 'flavorRef'),
    ({'imageRef': 'not-a-uuid'}, None, 'imageRef'),
    ({'min_count': 0}, None, 'min_count'),
    ({'min_count': 3, 'max_count': 2}, None,
     'min_count must be <= max_count'),
    ({'foo': 'bar'}, None,
     "Additional properties are not allowed ('foo' was unexpected)"),
    ({'description': 'd'}, '2.18', 'Additional properties'),
    ({'personality': []}, None, 'Additional properties'),
    ({'metadata': {'k': 1}}, None,
     "Invalid input for field/attribute k. Value: 1. 1 is not of type "
     "'string'"),
    ({'networks': [{'uuid': 'nope'}]}, None,
     'Bad networks format: network uuid is not in proper format (nope)'),
    ({'networks': [{'uuid': 'nope'}]}, '2.37', 'networks'),
    ({'networks': 'everything'}, '2.37', 'networks'),
    ({'networks': [{'port': '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'}]},
     '2.37', 'Unknown argument: port'),
    ({'networks': [{'uuid': '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'}]},
     '2.37', 'Network 0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60 could not be '
     'found.'),
    ({'networks': [{}]}, None, "Bad network format: missing 'uuid'"),
    ({'imageRef': ''}, None, 'Missing imageRef attribute'),
    ({'imageRef': '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'}, None,
     'Can not find requested image'),
    ({'flavorRef': '42'}, None, 'Flavor 42 could not be found.'),
    ({'key_name': 'missing'}, None, 'Invalid key_name provided.'),
    ({'availability_zone': 'moon'}, None,
     'The requested availability zone is not available'),
])
def test_boot_bad_requests(cloud, casts, server, version, message):
    response = boot(cloud, version=version, status=400, **server)
    assert message in _error(response, 400)
    casts.build.assert_not_called()


def test_networks_required_at_2_37(cloud):
    response = cloud.post_json(
        '/v2.1/servers', {'server': {'name': 'web', 'imageRef': IMAGE_ID,
                                     'flavorRef': '1'}},
        headers=headers(MEMBER, '2.37'), status=400)
    assert "'networks' is a required property" in _error(response, 400)


def test_networks_by_id(cloud, casts):
    network = {'uuid': compute_api.network_id(), 'fixed_ip': '10.0.0.5'}
    boot(cloud, version='2.37', networks=[network])
    assert casts.build.call_args.kwargs['requested_networks'] == [network]
    boot(cloud, version='2.37', networks='none')
    assert casts.build.call_args.kwargs['requested_networks'] == 'none'


def test_flavor_ref_may_be_a_link(cloud):
    boot(cloud, flavorRef='http://localhost/flavors/1')


def test_forced_host_is_for_admins(cloud, casts):
    response = boot(cloud, availability_zone='nova:host1', status=403)
    assert 'create:forced_host' in _error(response, 403)
    boot(cloud, token=ADMIN, availability_zone='nova:host1')
    spec = casts.build.call_args.kwargs['request_spec']
    assert spec.force_hosts == ['host1']


def test_boot_over_quota(cloud, conf):
    conf.config(instances=1, group='quota')
    boot(cloud)
    response = boot(cloud, status=403)
    assert _error(response, 403) == (
        'Quota exceeded for instances: Requested 1, but already used 1 of '
        '1 instances')


def test_boot_needs_a_member(cloud):
    boot(cloud, token='carol:p1:reader', status=403)


def test_scheduler_hints(cloud, casts):
    other = '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'
    cloud.post_json('/v2.1/servers', {
        'server': {'name': 'web', 'imageRef': IMAGE_ID, 'flavorRef': '1'},
        'os:scheduler_hints': {'different_host': other}},
        headers=headers(MEMBER), status=202)
    spec = casts.build.call_args.kwargs['request_spec']
    assert spec.scheduler_hints == {'different_host': [other]}


# --- GET /servers/{id} ------------------------------------------------------

def _set_state(server_id, **values):
    ctx = nl_context.get_admin_context()
    instance = objects.Instance.get_by_uuid(ctx, server_id)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def _active(server_id, host='host1'):
    instance = _set_state(server_id, vm_state=vm_states.ACTIVE,
                          task_state=None, host=host, node=host,
                          power_state=1)
    objects.FixedIPList.allocate_for_instances(
        nl_context.get_admin_context(), [server_id], 'private')
    return instance


@pytest.mark.parametrize('version', ['2.1', '2.3', '2.9', '2.16', '2.19',
                                     '2.26', '2.47', '2.60'])
@pytest.mark.parametrize('token,admin', [(MEMBER, False), (ADMIN, True)])
def test_show_at_each_version(cloud, conductor, version, token, admin):
    server_id = boot(cloud).json['server']['id']
    _active(server_id)
    del conductor.calls[:]
    response = cloud.get('/v2.1/servers/%s' % server_id,
                         headers=headers(token, version))
    api_schemas.validate('servers.show', version, response.json, admin=admin)
    server = response.json['server']
    assert server['status'] == 'ACTIVE'
    assert server['addresses'] == {'private': [{
        'version': 4, 'addr': '10.0.0.2', 'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': server['addresses']['private'][0][
            'OS-EXT-IPS-MAC:mac_addr']}]}
    # The server, its fault and addresses: one round trip (plus the
    # compute services when an admin sees host_status).
    at_least_216 = tuple(map(int, version.split('.'))) >= (2, 16)
    expected = 2 if admin and at_least_216 else 1
    assert len(conductor.calls) == expected


def test_show_other_projects_server_is_404(cloud):
    server_id = boot(cloud).json['server']['id']
    response = cloud.get('/v2.1/servers/%s' % server_id,
                         headers=headers(OTHER), status=404)
    assert _error(response, 404) == (
        'Instance %s could not be found.' % server_id)
    cloud.get('/v2.1/servers/%s' % server_id, headers=headers(ADMIN))


def test_show_missing_server(cloud):
    response = cloud.get('/v2.1/servers/nope', headers=headers(MEMBER),
                         status=404)
    assert _error(response, 404) == 'Instance nope could not be found.'


def test_show_error_with_fault(cloud):
    server_id = boot(cloud).json['server']['id']
    _set_state(server_id, vm_state=vm_states.ERROR, task_state=None)
    objects.InstanceFault(
        nl_context.get_admin_context(), instance_uuid=server_id, code=500,
        message='No valid host was found. ', details='Traceback...').create()
    server = cloud.get('/v2.1/servers/%s' % server_id,
                       headers=headers(MEMBER)).json['server']
    api_schemas.validate('servers.show', '2.1', {'server': server})
    assert server['status'] == 'ERROR'
    assert server['fault']['message'] == 'No valid host was found. '
    assert 'details' not in server['fault']
    assert 'progress' not in server
    admin_view = cloud.get('/v2.1/servers/%s' % server_id,
                           headers=headers(ADMIN)).json['server']
    assert admin_view['fault']['details'] == 'Traceback...'


# --- GET /servers and /servers/detail ---------------------------------------

def _boot_many(api, count, token=MEMBER):
    ids = []
    for index in range(count):
        ids.append(boot(api, token=token, name='vm%d' % index)
                   .json['server']['id'])
    return ids


def test_index(cloud):
    ids = _boot_many(cloud, 2)
    response = cloud.get('/v2.1/servers', headers=headers(MEMBER))
    api_schemas.validate('servers.index', '2.1', response.json)
    assert sorted(s['id'] for s in response.json['servers']) == sorted(ids)


def test_detail_is_one_round_trip(cloud, conductor):
    ids = _boot_many(cloud, 5)
    for server_id in ids[:3]:
        _active(server_id)
    del conductor.calls[:]
    response = cloud.get('/v2.1/servers/detail',
                         headers=headers(MEMBER, '2.60'))
    api_schemas.validate('servers.detail', '2.60', response.json,
                         admin=False)
    assert len(response.json['servers']) == 5
    assert conductor.calls == [('InstanceList', 'get_by_filters')]


def test_detail_for_admin_at_2_16_adds_the_services(cloud, conductor):
    _active(_boot_many(cloud, 1)[0])
    del conductor.calls[:]
    response = cloud.get('/v2.1/servers/detail?all_tenants=1',
                         headers=headers(ADMIN, '2.16'))
    api_schemas.validate('servers.detail', '2.16', response.json,
                         admin=True)
    assert response.json['servers'][0]['host_status'] == 'UP'
    assert len(conductor.calls) == 2


def test_list_is_scoped_to_the_project(cloud):
    mine = _boot_many(cloud, 1)
    _boot_many(cloud, 1, token=OTHER)
    listed = cloud.get('/v2.1/servers?project_id=p2',
                       headers=headers(MEMBER)).json['servers']
    assert [s['id'] for s in listed] == mine


def test_all_tenants(cloud):
    _boot_many(cloud, 1)
    theirs = _boot_many(cloud, 1, token=OTHER)
    response = cloud.get('/v2.1/servers?all_tenants=1',
                         headers=headers(MEMBER), status=403)
    assert 'index:get_all_tenants' in _error(response, 403)
    listed = cloud.get('/v2.1/servers/detail?all_tenants=true',
                       headers=headers(ADMIN)).json['servers']
    assert len(listed) == 2
    listed = cloud.get('/v2.1/servers?all_tenants&project_id=p2',
                       headers=headers(ADMIN)).json['servers']
    assert [s['id'] for s in listed] == theirs
    # Without all_tenants an admin sees its own project only.
    assert cloud.get('/v2.1/servers', headers=headers(ADMIN)).json[
        'servers'] == []


def test_filter_by_name_and_status(cloud):
    ids = _boot_many(cloud, 3)
    _active(ids[0])
    listed = cloud.get('/v2.1/servers?name=^vm[01]$&status=BUILD',
                       headers=headers(MEMBER)).json['servers']
    assert [s['id'] for s in listed] == [ids[1]]
    listed = cloud.get('/v2.1/servers?status=ACTIVE',
                       headers=headers(MEMBER)).json['servers']
    assert [s['id'] for s in listed] == [ids[0]]


def test_invalid_status(cloud):
    _boot_many(cloud, 1)
    assert cloud.get('/v2.1/servers?status=NOPE', headers=headers(
        MEMBER, '2.37')).json == {'servers': []}
    response = cloud.get('/v2.1/servers?status=NOPE',
                         headers=headers(MEMBER, '2.38'), status=400)
    assert _error(response, 400) == 'Invalid status value'


def test_deleted_servers_are_for_admins(cloud):
    server_id = _boot_many(cloud, 1)[0]
    cloud.delete('/v2.1/servers/%s' % server_id, headers=headers(MEMBER),
                 status=204)
    response = cloud.get('/v2.1/servers?status=DELETED',
                         headers=headers(MEMBER), status=403)
    assert _error(response, 403) == (
        'Only administrators may list deleted instances')
    # A non-admin's "deleted" filter is dropped, as Nova does.
    assert cloud.get('/v2.1/servers?deleted=true',
                     headers=headers(MEMBER)).json == {'servers': []}
    for query in ('deleted=true', 'status=DELETED'):
        listed = cloud.get('/v2.1/servers/detail?all_tenants=1&' + query,
                           headers=headers(ADMIN)).json['servers']
        assert [(s['id'], s['status']) for s in listed] == [
            (server_id, 'DELETED')]


def test_host_filter_is_for_admins(cloud):
    ids = _boot_many(cloud, 2)
    _active(ids[0], host='host1')
    # Dropped for a member: both are listed.
    assert len(cloud.get('/v2.1/servers?host=host1', headers=headers(
        MEMBER)).json['servers']) == 2
    listed = cloud.get('/v2.1/servers?host=host1&all_tenants=1',
                       headers=headers(ADMIN)).json['servers']
    assert [s['id'] for s in listed] == [ids[0]]


@pytest.mark.parametrize('query,code,message', [
    ('ip=10.0.0.2', 400, 'Filtering servers by ip is not supported.'),
    ('sort_key=host', 403, 'Only administrators can sort servers by host'),
    ('sort_key=nope', 400, 'sort_key'),
    ('limit=-1', 400, 'limit'),
    ('marker=nope', 400, 'marker [nope] not found'),
])
def test_list_bad_queries(cloud, query, code, message):
    response = cloud.get('/v2.1/servers?' + query, headers=headers(MEMBER),
                         status=code)
    assert message in _error(response, code)


def test_joined_filter_is_a_400_for_admins(cloud):
    response = cloud.get('/v2.1/servers?metadata=x', headers=headers(ADMIN),
                         status=400)
    assert _error(response, 400) == 'Invalid filter field: metadata.'


def test_paging_and_sorting(cloud):
    ids = _boot_many(cloud, 3)
    page = cloud.get('/v2.1/servers?limit=2&sort_key=display_name'
                     '&sort_dir=asc', headers=headers(MEMBER)).json
    api_schemas.validate('servers.index', '2.1', page)
    assert [s['id'] for s in page['servers']] == ids[:2]
    (link,) = page['servers_links']
    assert link['rel'] == 'next'
    assert 'marker=%s' % ids[1] in link['href']
    rest = cloud.get(link['href'], headers=headers(MEMBER)).json
    assert [s['id'] for s in rest['servers']] == ids[2:]
    assert 'servers_links' not in rest


# --- DELETE /servers/{id} ---------------------------------------------------

def test_delete_unscheduled_server(cloud, casts, conductor):
    server_id = boot(cloud).json['server']['id']
    del conductor.calls[:]
    response = cloud.delete('/v2.1/servers/%s' % server_id,
                            headers=headers(MEMBER), status=204)
    assert response.body == b''
    assert conductor.calls == [('Instance', 'get_by_uuid'),
                               ('Instance', 'destroy')]
    casts.terminate.assert_not_called()
    cloud.get('/v2.1/servers/%s' % server_id, headers=headers(MEMBER),
              status=404)


def test_delete_on_host_casts_terminate(cloud, casts):
    server_id = boot(cloud).json['server']['id']
    _active(server_id)
    cloud.delete('/v2.1/servers/%s' % server_id, headers=headers(MEMBER),
                 status=204)
    casts.terminate.assert_called_once()
    server = cloud.get('/v2.1/servers/%s' % server_id,
                       headers=headers(MEMBER)).json['server']
    assert server['OS-EXT-STS:task_state'] == 'deleting'


def test_delete_of_another_project_is_404(cloud):
    server_id = boot(cloud).json['server']['id']
    response = cloud.delete('/v2.1/servers/%s' % server_id,
                            headers=headers(OTHER), status=404)
    assert _error(response, 404) == 'Instance could not be found'
    cloud.delete('/v2.1/servers/%s' % server_id,
                 headers=headers('carol:p1:reader'), status=403)
