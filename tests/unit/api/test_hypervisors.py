"""/os-hypervisors: list, detail, show, statistics, uptime, search; ids by
microversion, paging (2.33), hostname pattern and with_servers (2.53)."""

import pytest

from tests import api_schemas
from tests.unit.api import admin_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers

URL = '/v2.1/os-hypervisors'


@pytest.fixture
def nodes(api):
    svc1, node1 = admin_fakes.compute('c1', vcpus_used=2,
                                      memory_mb_used=1024, local_gb_used=20,
                                      running_vms=1,
                                      cpu_info='{"arch": "x86_64"}')
    svc2, node2 = admin_fakes.compute('c2', vcpus=4, memory_mb=8192,
                                      local_gb=100)
    svc2.disable('maintenance')
    svc2.save()
    # A node whose host runs no compute service is not shown.
    admin_fakes.node('orphan')
    return {'c1': (svc1, node1), 'c2': (svc2, node2)}


def _get(api, path, version='2.60', token=ADMIN, status=200):
    return api.get(URL + path, headers=headers(token, version),
                   status=status).json


@pytest.mark.parametrize('version', ['2.1', '2.28', '2.33', '2.53', '2.60'])
def test_list_and_detail_shapes(api, nodes, version):
    index = _get(api, '', version)
    api_schemas.validate('hypervisors.index', version, index)
    detail = _get(api, '/detail', version)
    api_schemas.validate('hypervisors.detail', version, detail)
    svc1, node1 = nodes['c1']
    uuids = version >= '2.53'
    assert [h['id'] for h in index['hypervisors']] == [
        n.uuid if uuids else n.id for _s, n in nodes.values()]
    first, second = detail['hypervisors']
    assert (first['state'], first['status']) == ('up', 'enabled')
    assert (second['status'], second['service']['disabled_reason']) == (
        'disabled', 'maintenance')
    assert first['service'] == {
        'id': svc1.uuid if uuids else svc1.id, 'host': 'c1',
        'disabled_reason': None}
    assert (first['vcpus'], first['vcpus_used'], first['free_ram_mb'],
            first['free_disk_gb'], first['running_vms'],
            first['hypervisor_type'], first['host_ip']) == (
        8, 2, 15360, 180, 1, 'fake', '192.0.2.10')
    if version >= '2.28':
        assert first['cpu_info'] == {'arch': 'x86_64'}
        assert second['cpu_info'] == {}
    else:
        assert first['cpu_info'] == '{"arch": "x86_64"}'


def test_admin_only(api, nodes):
    body = _get(api, '', token=MEMBER, status=403)
    assert body['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:os-hypervisors:list to be "
        "performed.")
    _get(api, '/detail', token=MEMBER, status=403)
    _get(api, '/statistics', token=MEMBER, status=403)


def test_show_by_id_and_by_uuid(api, nodes):
    _svc, node = nodes['c1']
    body = _get(api, '/%d' % node.id, '2.1')
    api_schemas.validate('hypervisors.show', '2.1', body)
    assert body['hypervisor']['hypervisor_hostname'] == 'c1.example.org'
    body = _get(api, '/%s' % node.uuid, '2.53')
    api_schemas.validate('hypervisors.show', '2.53', body)
    assert body['hypervisor']['id'] == node.uuid
    assert _get(api, '/%d' % node.id, '2.53', status=400) == {
        'badRequest': {'code': 400, 'message': 'Invalid uuid %d' % node.id}}
    missing = _get(api, '/999', '2.1', status=404)
    assert missing['itemNotFound']['message'] == (
        "Hypervisor with ID '999' could not be found.")
    _get(api, '/%s' % node.uuid, '2.1', status=404)


def test_with_servers_and_pattern_at_253(api, nodes):
    inst = admin_fakes.instance('c1', 'c1.example.org', name='web')
    body = _get(api, '?with_servers=true', '2.53')
    api_schemas.validate('hypervisors.index', '2.53', body)
    first, second = body['hypervisors']
    assert first['servers'] == [{'name': 'web', 'uuid': inst.uuid}]
    assert 'servers' not in second  # none: left out (before 2.75)
    shown = _get(api, '/%s?with_servers=1' % nodes['c1'][1].uuid, '2.53')
    assert shown['hypervisor']['servers'][0]['uuid'] == inst.uuid
    found = _get(api, '/detail?hypervisor_hostname_pattern=c2.exa', '2.53')
    assert [h['hypervisor_hostname'] for h in found['hypervisors']] == [
        'c2.example.org']
    assert _get(api, '?hypervisor_hostname_pattern=zzz', '2.53',
                status=404)['itemNotFound']['message'] == (
        "No hypervisor matching 'zzz' could be found.")
    assert _get(api, '?hypervisor_hostname_pattern=c&limit=1', '2.53',
                status=400)['badRequest']['message'] == (
        'Paging over hypervisors with the hypervisor_hostname_pattern '
        'query parameter is not supported.')
    # 2.53 refuses unknown query parameters.
    _get(api, '?foo=1', '2.53', status=400)


def test_paging_from_233(api, nodes):
    page = _get(api, '?limit=1', '2.33')
    api_schemas.validate('hypervisors.index', '2.33', page)
    node1, node2 = nodes['c1'][1], nodes['c2'][1]
    assert [h['id'] for h in page['hypervisors']] == [node1.id]
    assert page['hypervisors_links'][0]['href'].endswith(
        '/v2.1/os-hypervisors?limit=1&marker=%d' % node1.id)
    rest = _get(api, '?limit=1&marker=%d' % node1.id, '2.33')
    assert [h['id'] for h in rest['hypervisors']] == [node2.id]
    by_uuid = _get(api, '/detail?limit=5&marker=%s' % node1.uuid, '2.53')
    assert [h['id'] for h in by_uuid['hypervisors']] == [node2.uuid]
    assert _get(api, '?marker=12', '2.53', status=400)['badRequest'][
        'message'] == 'Invalid marker 12'
    _get(api, '?marker=999', '2.33', status=400)
    # Before 2.33: no paging.
    assert len(_get(api, '?limit=1', '2.32')['hypervisors']) == 2


def test_statistics_uptime_and_old_search(api, nodes):
    stats = _get(api, '/statistics', '2.1')
    api_schemas.validate('hypervisors.statistics', '2.1', stats)
    assert stats['hypervisor_statistics']['count'] == 2
    assert stats['hypervisor_statistics']['vcpus'] == 12
    assert stats['hypervisor_statistics']['free_ram_mb'] == 15360 + 8192
    body = _get(api, '/%s/uptime' % nodes['c1'][1].uuid, '2.53', status=501)
    api_schemas.validate('error', None, body, code=501)
    found = _get(api, '/c2.ex/search', '2.1')
    assert [h['hypervisor_hostname'] for h in found['hypervisors']] == [
        'c2.example.org']
    admin_fakes.instance('c1', 'c1.example.org', name='web')
    servers = _get(api, '/c1/servers', '2.1')['hypervisors']
    assert [s['name'] for s in servers[0]['servers']] == ['web']
    _get(api, '/c1/search', '2.53', status=404)
    _get(api, '/nothing/search', '2.1', status=404)
