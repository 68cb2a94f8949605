"""/os-services: list and filters, the PUT actions below 2.53, PUT by uuid
from 2.53, delete (409 for a compute with instances), admin only."""

import pytest

from nova_lite import objects
from tests import api_schemas
from tests.unit.api import admin_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers

URL = '/v2.1/os-services'


@pytest.fixture
def services(api):
    return {
        'conductor': admin_fakes.service('ctl', 'nova-lite-conductor'),
        'c1': admin_fakes.service('c1'),
        'c2': admin_fakes.service('c2', up=False),
    }


@pytest.mark.parametrize('version', ['2.1', '2.11', '2.53', '2.60'])
def test_list_shapes(api, services, version):
    body = api.get(URL, headers=headers(ADMIN, version)).json
    api_schemas.validate('services.index', version, body)
    by_host = {svc['host']: svc for svc in body['services']}
    assert by_host['c1']['state'] == 'up'
    assert by_host['c2']['state'] == 'down'
    assert by_host['ctl']['zone'] == 'internal'
    assert by_host['c1']['zone'] == 'nova'
    expected_id = (services['c1'].uuid if version >= '2.53'
                   else services['c1'].id)
    assert by_host['c1']['id'] == expected_id


def test_list_filters(api, services):
    def hosts(query):
        body = api.get(URL + query, headers=headers(ADMIN)).json
        return sorted(svc['host'] for svc in body['services'])
    assert hosts('?host=c1') == ['c1']
    assert hosts('?binary=nova-lite-compute') == ['c1', 'c2']
    assert hosts('?binary=nova-lite-compute&host=c2') == ['c2']
    assert hosts('?host=nowhere') == []


@pytest.mark.parametrize('method,path', [
    ('get', ''), ('put', '/disable'), ('delete', '/1')])
def test_admin_only(api, services, method, path):
    kwargs = {'headers': headers(MEMBER), 'status': 403}
    if method == 'put':
        kwargs['params'] = '{"host": "c1", "binary": "nova-lite-compute"}'
        kwargs['content_type'] = 'application/json'
    body = getattr(api, method)(URL + path, **kwargs).json
    api_schemas.validate('error', None, body, code=403)
    assert 'os_compute_api:os-services:' in body['forbidden']['message']


def _put(api, action, body, version='2.1', status=200):
    return api.put_json(URL + '/' + action, body,
                        headers=headers(ADMIN, version), status=status)


def test_disable_enable_actions_before_253(api, services):
    target = {'host': 'c1', 'binary': 'nova-lite-compute'}
    body = _put(api, 'disable', target).json
    api_schemas.validate('services.action', '2.1', body)
    assert body == {'service': dict(target, status='disabled')}
    body = _put(api, 'disable-log-reason',
                dict(target, disabled_reason='maintenance')).json
    assert body['service']['disabled_reason'] == 'maintenance'
    stored = objects.Service.get_by_id(admin_fakes.admin_context(),
                                       services['c1'].id)
    assert (stored.disabled, stored.disabled_reason) == (True,
                                                         'maintenance')
    body = _put(api, 'enable', target).json
    assert body == {'service': dict(target, status='enabled')}
    stored = objects.Service.get_by_id(admin_fakes.admin_context(),
                                       services['c1'].id)
    assert (stored.disabled, stored.disabled_reason) == (False, None)


def test_action_errors_before_253(api, services):
    target = {'host': 'c1', 'binary': 'nova-lite-compute'}
    assert _put(api, 'disable-log-reason', target, status=400).json == {
        'badRequest': {'code': 400,
                       'message': 'Missing disabled reason field'}}
    # force-down only from 2.11.
    assert _put(api, 'force-down', dict(target, forced_down=True),
                status=400).json['badRequest']['message'] == (
        "Additional properties are not allowed ('forced_down' was "
        "unexpected)")
    assert _put(api, 'reboot', target, status=404).json == {
        'itemNotFound': {'code': 404, 'message': 'Unknown action'}}
    assert _put(api, 'disable', {'host': 'c9',
                                 'binary': 'nova-lite-compute'},
                status=404).json['itemNotFound']['message'] == (
        'Could not find binary nova-lite-compute on host c9.')


def test_force_down_at_211(api, services):
    target = {'host': 'c1', 'binary': 'nova-lite-compute'}
    body = _put(api, 'force-down', dict(target, forced_down='true'),
                version='2.11').json
    api_schemas.validate('services.action', '2.11', body)
    assert body == {'service': dict(target, forced_down=True)}
    listed = api.get(URL + '?host=c1', headers=headers(ADMIN, '2.11')).json
    assert listed['services'][0]['forced_down'] is True
    assert listed['services'][0]['state'] == 'down'
    assert _put(api, 'force-down', target, version='2.11',
                status=400).json['badRequest']['message'] == (
        'Missing forced_down field')


def test_update_by_uuid_at_253(api, services):
    uuid = services['c1'].uuid
    body = _put(api, uuid, {'status': 'disabled', 'disabled_reason': 'x',
                            'forced_down': True}, version='2.53').json
    api_schemas.validate('services.show', '2.53', body)
    service = body['service']
    assert (service['id'], service['status'], service['disabled_reason'],
            service['forced_down'], service['state']) == (
        uuid, 'disabled', 'x', True, 'down')
    body = _put(api, uuid, {'status': 'enabled', 'forced_down': False},
                version='2.60').json['service']
    assert (body['status'], body['disabled_reason'], body['state']) == (
        'enabled', None, 'up')


@pytest.mark.parametrize('update,message', [
    ({}, "No updates were requested. Fields 'status' or 'forced_down' "
         "should be specified."),
    ({'status': 'enabled', 'disabled_reason': 'x'},
     "Specifying 'disabled_reason' with status 'enabled' is invalid."),
])
def test_update_by_uuid_refusals(api, services, update, message):
    body = _put(api, services['c1'].uuid, update, version='2.53',
                status=400).json
    assert body['badRequest']['message'] == message


def test_update_by_uuid_only_computes_and_known_uuids(api, services):
    message = _put(api, services['conductor'].uuid, {'status': 'disabled'},
                   version='2.53', status=400).json['badRequest']['message']
    assert message == ('Updating a nova-lite-conductor service is not '
                       'supported. Only nova-lite-compute services can be '
                       'updated.')
    assert _put(api, 'disable', {'status': 'disabled'}, version='2.53',
                status=400).json['badRequest']['message'] == (
        'Invalid uuid disable')
    _put(api, '8f1c4f41-6a34-4b0e-9d8f-3a7d7c5f0f11',
         {'status': 'disabled'}, version='2.53', status=404)


def test_delete_by_id_and_by_uuid(api, services):
    api.delete(URL + '/%d' % services['c2'].id, headers=headers(ADMIN),
               status=204)
    api.delete(URL + '/%s' % services['conductor'].uuid,
               headers=headers(ADMIN, '2.53'), status=204)
    hosts = [svc['host'] for svc in api.get(
        URL, headers=headers(ADMIN)).json['services']]
    assert hosts == ['c1']
    api.delete(URL + '/%d' % services['c2'].id, headers=headers(ADMIN),
               status=404)
    assert api.delete(URL + '/abc', headers=headers(ADMIN),
                      status=400).json['badRequest']['message'] == (
        'Invalid input received: id must be an integer')
    assert api.delete(URL + '/1', headers=headers(ADMIN, '2.53'),
                      status=400).json['badRequest']['message'] == (
        'Invalid uuid 1')


def test_delete_refuses_a_compute_that_hosts_instances(api, services):
    admin_fakes.node('c1', services['c1'])
    inst = admin_fakes.instance('c1', 'c1.example.org')
    body = api.delete(URL + '/%s' % services['c1'].uuid,
                      headers=headers(ADMIN, '2.53'), status=409).json
    api_schemas.validate('error', None, body, code=409)
    assert body['conflictingRequest']['message'] == (
        'Unable to delete compute service that is hosting instances. '
        'Migrate or delete the instances first.')
    inst.destroy()
    api.delete(URL + '/%s' % services['c1'].uuid,
               headers=headers(ADMIN, '2.53'), status=204)
    assert objects.ComputeNodeList.get_all(
        admin_fakes.admin_context()).objects == []
