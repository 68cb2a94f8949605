"""What a boot and a delete write and read, in the database layer.

create_for_build is one transaction; destroy releases exactly once;
quota usage, host states and listings cost a fixed number of queries.
"""

import datetime
import threading

from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from nova_lite.db import action_api
from nova_lite.db import allocation_api
from nova_lite.db import api
from nova_lite.db import fixed_ip_api
from nova_lite.db import instance_api
from nova_lite.db import models
from nova_lite.db import quota_api
from nova_lite.db import request_spec_api
from nova_lite.db import service_api
from nova_lite import exception
from tests.unit.db import db_fixture


def _values(**values):
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('project_id', 'p1')
    values.setdefault('user_id', 'u1')
    values.setdefault('vm_state', 'building')
    return values


def _action():
    return {'action': 'create', 'request_id': 'req-1', 'user_id': 'u1',
            'project_id': 'p1',
            'start_time': datetime.datetime(2025, 1, 1, 12, 0, 0)}


def _count(model):
    with api.reader() as session:
        return session.execute(sa.select(sa.func.count()).select_from(
            model)).scalar()


def test_create_for_build_writes_everything(db):
    instances = [_values(metadata={'i': str(i)}) for i in range(3)]
    created = instance_api.instance_create_for_build(
        instances, ['{"spec": %d}' % i for i in range(3)], _action())
    assert [c['uuid'] for c in created] == [i['uuid'] for i in instances]
    assert all(c['id'] for c in created)
    for i, inst in enumerate(created):
        assert inst['metadata'] == {'i': str(i)}
        assert request_spec_api.request_spec_get_by_instance_uuid(
            inst['uuid']).spec == '{"spec": %d}' % i
        action = action_api.action_get_by_request_id(inst['uuid'], 'req-1')
        assert (action.action, action.user_id) == ('create', 'u1')


def test_create_for_build_is_all_or_nothing(db):
    taken = instance_api.instance_create(_values())
    instances = [_values(metadata={'k': 'v'}), _values(uuid=taken['uuid'])]
    with pytest.raises(exception.InstanceExists):
        instance_api.instance_create_for_build(instances, ['{}', '{}'],
                                               _action())
    assert _count(models.Instance) == 1
    assert _count(models.InstanceMetadata) == 0
    assert _count(models.RequestSpec) == 0
    assert _count(models.InstanceAction) == 0


def _node(host='h1', **values):
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('hypervisor_hostname', values['uuid'])
    return service_api.compute_node_create(dict(
        host=host, vcpus=8, memory_mb=8192, local_gb=100,
        cpu_allocation_ratio=2.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0, reserved_host_memory_mb=512, **values))


def _placed_instance(node, vcpus=1, ram=512):
    inst = instance_api.instance_create(_values(vcpus=vcpus, memory_mb=ram,
                                                host=node.host))
    allocation_api.allocation_claim(node.uuid, inst['uuid'], 'p1', 'u1',
                                    {'VCPU': vcpus, 'MEMORY_MB': ram})
    fixed_ip_api.fixed_ip_allocate([inst['uuid']], 'private', '10.0.0.0/24')
    return inst


@pytest.mark.parametrize('empty_url', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_concurrent_destroys_release_exactly_once(any_db):
    node = _node()
    inst = _placed_instance(node)
    results, errors = [], []
    barrier = threading.Barrier(8)

    def destroy():
        barrier.wait()
        try:
            results.append(instance_api.instance_destroy(inst['uuid']))
        except exception.InstanceNotFound as exc:
            errors.append(exc)

    threads = [threading.Thread(target=destroy) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1 and len(errors) == 7
    assert results[0][1:] == (2, 1)
    assert allocation_api.allocation_usages() == {}
    assert fixed_ip_api.fixed_ip_get_by_instance_uuids([inst['uuid']]) == []


def test_count_usage_in_one_query(db):
    for vcpus, ram, user in ((1, 512, 'u1'), (2, 1024, 'u1'),
                             (4, 2048, 'u2')):
        instance_api.instance_create(_values(vcpus=vcpus, memory_mb=ram,
                                             user_id=user))
    gone = instance_api.instance_create(_values(vcpus=8, memory_mb=8))
    instance_api.instance_destroy(gone['uuid'])
    instance_api.instance_create(_values(vcpus=8, memory_mb=8,
                                         vm_state='soft-delete'))
    instance_api.instance_create(_values(vcpus=16, project_id='p2'))
    with db_fixture.count_selects() as selects:
        usage = quota_api.instance_count_usage('p1')
    assert len(selects) == 1
    assert usage == {'instances': 3, 'cores': 7, 'ram': 3584}
    assert quota_api.instance_count_usage('p1', user_id='u2') == {
        'instances': 1, 'cores': 4, 'ram': 2048}
    assert quota_api.instance_count_usage('nobody') == {
        'instances': 0, 'cores': 0, 'ram': 0}


def _compute_service(host, **values):
    return service_api.service_create(dict(
        host=host, binary='nova-lite-compute', topic='compute',
        report_count=0, **values))


def test_host_states_in_three_queries(db):
    nodes = []
    for i in range(6):
        host = 'host%d' % i
        _compute_service(host, disabled=(i == 1), availability_zone='az%d' % i)
        nodes.append(_node(host))
    # A conductor on host0 is not the node's service.
    service_api.service_create({'host': 'host0', 'topic': 'conductor',
                                'binary': 'nova-lite-conductor',
                                'report_count': 0})
    # Nodes without a live compute service are left out.
    _node('orphan')
    gone = _compute_service('gone')
    _node('gone')
    service_api.service_destroy(gone.id)
    _placed_instance(nodes[0], vcpus=2, ram=1024)
    _placed_instance(nodes[0], vcpus=1, ram=256)
    with db_fixture.count_selects() as selects:
        states = service_api.host_state_get_all()
    assert len(selects) == 3
    assert [node.uuid for node, *_ in states] == [n.uuid for n in nodes]
    node, service, usage, capacity = states[0]
    assert (service.host, service.binary) == ('host0', 'nova-lite-compute')
    assert usage == {'VCPU': 3, 'MEMORY_MB': 1280}
    assert capacity == {'VCPU': 16, 'MEMORY_MB': 7680, 'DISK_GB': 100}
    assert states[1][1].disabled and states[1][2] == {}


def test_no_nodes_no_host_states(db):
    assert service_api.host_state_get_all() == []


def test_listing_with_fixed_ips_costs_one_more_query(db):
    def listing(n):
        project = uuidutils.generate_uuid()
        uuids = [instance_api.instance_create(_values(project_id=project))[
            'uuid'] for _ in range(n)]
        fixed_ip_api.fixed_ip_allocate(uuids, 'private', '10.0.0.0/16')
        with db_fixture.count_selects() as selects:
            rows = instance_api.instance_get_all_by_filters(
                {'project_id': project}, with_fault=True,
                with_fixed_ips=True)
        assert all(len(row['fixed_ips']) == 1 for row in rows)
        return len(selects)

    assert listing(1) == listing(25) == 4
    rows = instance_api.instance_get_all_by_filters()
    assert 'fixed_ips' not in rows[0]


def test_get_by_uuid_with_fixed_ips(db):
    inst = instance_api.instance_create(_values())
    assert instance_api.instance_get_by_uuid(
        inst['uuid'], with_fixed_ips=True)['fixed_ips'] == []
    fixed_ip_api.fixed_ip_allocate([inst['uuid']], 'private', '10.0.0.0/24')
    fixed_ip_api.fixed_ip_allocate([inst['uuid']], 'other', '10.1.0.0/24')
    row = instance_api.instance_get_by_uuid(inst['uuid'],
                                            with_fixed_ips=True)
    assert [(f.network, f.address) for f in row['fixed_ips']] == [
        ('private', '10.0.0.2'), ('other', '10.1.0.2')]
