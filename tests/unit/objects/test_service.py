"""Service and ComputeNode objects."""

import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import service as service_obj

COMPUTE = 'nova-lite-compute'


def _service(ctx, host='h1', binary=COMPUTE, **values):
    service = objects.Service(ctx, host=host, binary=binary,
                              topic=binary.rsplit('-', 1)[-1], **values)
    service.create()
    return service


def test_create_and_lookups(ctx, via):
    service = _service(ctx)
    assert service.uuid and service.id
    assert service.version == service_obj.SERVICE_VERSION
    assert objects.Service.get_by_id(ctx, service.id).uuid == service.uuid
    assert objects.Service.get_by_uuid(ctx, service.uuid).id == service.id
    found = objects.Service.get_by_host_and_binary(ctx, 'h1', COMPUTE)
    assert found.id == service.id
    assert objects.Service.get_by_host_and_binary(ctx, 'h9', COMPUTE) is None
    with pytest.raises(exception.ServiceNotFound):
        objects.Service.get_by_id(ctx, 999)
    with pytest.raises(exception.ServiceBinaryExists):
        _service(ctx)


def test_heartbeat_save(ctx, via):
    service = _service(ctx)
    assert service.last_seen_up is None
    service.report_count += 1
    service.save()
    assert service.last_seen_up is not None
    assert service.last_seen_up.tzinfo is not None
    service.disabled = True
    service.disabled_reason = 'maintenance'
    service.save()
    stored = objects.Service.get_by_id(ctx, service.id)
    assert (stored.report_count, stored.disabled) == (1, True)


def test_minimum_version(ctx, via):
    assert objects.Service.get_minimum_version(ctx, COMPUTE) == 0
    old = _service(ctx, 'h2', version=0)
    _service(ctx, 'h1')
    assert objects.Service.get_minimum_version(ctx, COMPUTE) == 0
    # A forced-down service no longer holds the others back.
    old.forced_down = True
    old.save()
    assert objects.Service.get_minimum_version(
        ctx, COMPUTE) == service_obj.SERVICE_VERSION
    assert objects.Service.get_minimum_version(ctx, 'nova-lite-other') == 0


def test_too_old_service_may_not_register(ctx, db):
    _service(ctx, 'h1', version=service_obj.SERVICE_VERSION + 1)
    with pytest.raises(exception.ServiceTooOld):
        _service(ctx, 'h2')


def test_destroy_and_lists(ctx, via):
    compute = _service(ctx, 'h1')
    _service(ctx, 'h1', binary='nova-lite-conductor')
    _service(ctx, 'h2', disabled=True)
    node = objects.ComputeNode(ctx, host='h1', hypervisor_hostname='h1',
                               service_id=compute.id)
    node.create()
    assert len(objects.ServiceList.get_all(ctx)) == 3
    assert len(objects.ServiceList.get_all(ctx, disabled=True)) == 1
    assert len(objects.ServiceList.get_by_binary(ctx, COMPUTE)) == 2
    assert len(objects.ServiceList.get_by_host(ctx, 'h1')) == 2
    compute.destroy()
    assert len(objects.ServiceList.get_by_host(ctx, 'h1')) == 1
    assert len(objects.ServiceList.get_all(ctx, include_deleted=True)) == 3
    with pytest.raises(exception.ComputeNodeNotFound):
        objects.ComputeNode.get_by_uuid(ctx, node.uuid)


def test_compute_node(ctx, via):
    node = objects.ComputeNode(
        ctx, host='h1', hypervisor_hostname='node1', hypervisor_type='fake',
        vcpus=8, memory_mb=8192, local_gb=100, cpu_allocation_ratio=4.0,
        host_ip='192.0.2.10', cpu_info='{}')
    node.create()
    assert node.uuid and node.generation == 0 and node.vcpus_used == 0
    node.vcpus_used = 2
    node.generation = 42
    node.save()
    assert node.generation == 0
    by_name = objects.ComputeNode.get_by_host_and_nodename(ctx, 'h1', 'node1')
    assert (by_name.id, by_name.vcpus_used) == (node.id, 2)
    assert str(by_name.host_ip) == '192.0.2.10'
    assert objects.ComputeNode.get_by_id(ctx, node.id).uuid == node.uuid
    with pytest.raises(exception.ComputeHostNotFound):
        objects.ComputeNode.get_by_host_and_nodename(ctx, 'h1', 'other')
    with pytest.raises(exception.ComputeNodeExists):
        objects.ComputeNode(ctx, host='h1',
                            hypervisor_hostname='node1').create()
    assert [n.id for n in objects.ComputeNodeList.get_all(ctx)] == [node.id]
    assert len(objects.ComputeNodeList.get_all_by_host(ctx, 'h1')) == 1
    node.destroy()
    with pytest.raises(exception.ComputeHostNotFound):
        objects.ComputeNodeList.get_all_by_host(ctx, 'h1')


def test_list_filters_enable_disable_and_lookup(ctx, via):
    _service(ctx, 'h1')
    _service(ctx, 'h1', binary='nova-lite-conductor')
    _service(ctx, 'h2')
    assert [s.host for s in objects.ServiceList.get_all(
        ctx, host='h1', binary=COMPUTE)] == ['h1']
    assert [s.host for s in objects.ServiceList.get_all(
        ctx, binary=COMPUTE)] == ['h1', 'h2']
    service = objects.Service.get_by_host_and_binary_or_raise(ctx, 'h2',
                                                              COMPUTE)
    service.disable('maintenance')
    service.save()
    stored = objects.Service.get_by_id(ctx, service.id)
    assert (stored.disabled, stored.disabled_reason) == (True,
                                                         'maintenance')
    stored.enable()
    stored.save()
    assert objects.Service.get_by_id(ctx, service.id).disabled_reason is None
    with pytest.raises(exception.HostBinaryNotFound):
        objects.Service.get_by_host_and_binary_or_raise(ctx, 'h9', COMPUTE)


def test_compute_node_paging_and_search(ctx, via):
    nodes = []
    for name in ('node-a', 'node-b', 'other'):
        node = objects.ComputeNode(ctx, host=name, hypervisor_hostname=name)
        node.create()
        nodes.append(node)
    page = objects.ComputeNodeList.get_by_pagination(ctx, limit=1,
                                                     marker=nodes[0].uuid)
    assert [n.id for n in page] == [nodes[1].id]
    found = objects.ComputeNodeList.get_by_hypervisor(ctx, 'node-')
    assert [n.hypervisor_hostname for n in found] == ['node-a', 'node-b']
