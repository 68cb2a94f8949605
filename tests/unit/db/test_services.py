"""Services and compute nodes in the database layer."""

from oslo_utils import timeutils

import pytest

from nova_lite.db import service_api
from nova_lite import exception

COMPUTE = 'nova-lite-compute'


def _service(host='h1', binary=COMPUTE, topic='compute', **values):
    return service_api.service_create(
        dict(values, host=host, binary=binary, topic=topic))


def test_heartbeat_sets_last_seen_up(db):
    service = _service()
    assert service.last_seen_up is None
    before = timeutils.utcnow().replace(microsecond=0)
    updated = service_api.service_update(service.id, {'report_count': 1})
    assert updated.last_seen_up >= before
    seen = updated.last_seen_up
    updated = service_api.service_update(service.id, {'disabled': True})
    # (MySQL's DATETIME keeps whole seconds.)
    assert (updated.last_seen_up.replace(microsecond=0)
            == seen.replace(microsecond=0))


def test_duplicate_service(db):
    _service()
    with pytest.raises(exception.ServiceBinaryExists):
        _service(topic='other')
    with pytest.raises(exception.ServiceTopicExists):
        _service(binary='nova-lite-other')


def test_minimum_version(db):
    assert service_api.service_get_minimum_version(COMPUTE) == 0
    _service('h1', version=3)
    old = _service('h2', version=1)
    forced = _service('h3', version=0, forced_down=True)
    assert service_api.service_get_minimum_version(COMPUTE) == 1
    service_api.service_destroy(old.id)
    assert service_api.service_get_minimum_version(COMPUTE) == 3
    assert forced.forced_down


def test_destroy_compute_takes_its_nodes(db):
    service = _service()
    node = service_api.compute_node_create(
        {'host': 'h1', 'hypervisor_hostname': 'n1', 'service_id': service.id,
         'uuid': '00000000-0000-0000-0000-000000000001'})
    service_api.service_destroy(service.id)
    with pytest.raises(exception.ServiceNotFound):
        service_api.service_get(service.id)
    assert service_api.service_get(service.id, read_deleted='yes').deleted
    with pytest.raises(exception.ComputeNodeNotFound):
        service_api.compute_node_get(node.id)
    # A new service and node may take the same names.
    again = _service()
    assert again.id != service.id
    service_api.compute_node_create(
        {'host': 'h1', 'hypervisor_hostname': 'n1',
         'uuid': '00000000-0000-0000-0000-000000000002'})


def test_node_lookups(db):
    with pytest.raises(exception.ComputeHostNotFound):
        service_api.compute_node_get_all_by_host('h1')
    node = service_api.compute_node_create(
        {'host': 'h1', 'hypervisor_hostname': 'n1',
         'uuid': '00000000-0000-0000-0000-000000000003'})
    with pytest.raises(exception.ComputeNodeExists):
        service_api.compute_node_create(
            {'host': 'h1', 'hypervisor_hostname': 'n1',
             'uuid': '00000000-0000-0000-0000-000000000004'})
    found = service_api.compute_node_get_by_host_and_nodename('h1', 'n1')
    assert found.id == node.id
    with pytest.raises(exception.ComputeHostNotFound):
        service_api.compute_node_get_by_host_and_nodename('h1', 'n2')
    updated = service_api.compute_node_update(
        node.id, {'vcpus_used': 2, 'generation': 99})
    assert (updated.vcpus_used, updated.generation) == (2, 0)


def test_destroy_refuses_a_compute_with_live_instances(db):
    from nova_lite.db import instance_api
    service = _service()
    instance_api.instance_create({
        'uuid': '00000000-0000-0000-0000-0000000000a1', 'host': 'h1',
        'project_id': 'p1'})
    with pytest.raises(exception.ComputeHostHasInstances):
        service_api.service_destroy(service.id)
    assert service_api.service_get(service.id).id == service.id
    # Another binary on the same host is not held back.
    other = _service(binary='nova-lite-conductor', topic='conductor')
    service_api.service_destroy(other.id)
    instance_api.instance_destroy('00000000-0000-0000-0000-0000000000a1')
    service_api.service_destroy(service.id)


def test_node_paging_and_hypervisor_search(db):
    nodes = [service_api.compute_node_create(
        {'host': 'h%d' % i, 'hypervisor_hostname': name,
         'uuid': '00000000-0000-0000-0000-00000000010%d' % i})
        for i, name in enumerate(['a_1.example', 'b%1.example', 'c.other'])]
    page = service_api.compute_node_get_all_by_pagination(limit=2)
    assert [n.id for n in page] == [nodes[0].id, nodes[1].id]
    for marker in (nodes[1].id, nodes[1].uuid):
        rest = service_api.compute_node_get_all_by_pagination(
            marker=marker)
        assert [n.id for n in rest] == [nodes[2].id]
    with pytest.raises(exception.MarkerNotFound):
        service_api.compute_node_get_all_by_pagination(marker='999')

    def search(pattern):
        return [n.hypervisor_hostname for n in
                service_api.compute_node_search_by_hypervisor(pattern)]
    assert search('example') == ['a_1.example', 'b%1.example']
    # LIKE wildcards in the pattern are plain characters.
    assert search('_') == ['a_1.example']
    assert search('%') == ['b%1.example']
    assert search('nothing') == []
