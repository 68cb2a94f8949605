"""Server groups in the database: members and hosts, the group quota, the
claim-time policy check, and boots created within their quota."""

import threading

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from nova_lite.db import allocation_api
from nova_lite.db import api
from nova_lite.db import instance_api
from nova_lite.db import models
from nova_lite.db import server_group_api
from nova_lite.db import service_api
from nova_lite import exception
from nova_lite.objects import quotas as quotas_obj


def _group(policy='anti-affinity', project='p1', limit=None, **values):
    values = dict({'uuid': uuidutils.generate_uuid(), 'name': 'g',
                   'project_id': project, 'user_id': 'u1',
                   'policy': policy}, **values)
    return server_group_api.instance_group_create(values, limit=limit)


def _action(project='p1'):
    return {'action': 'create', 'request_id': 'req-1', 'user_id': 'u1',
            'project_id': project, 'start_time': timeutils.utcnow()}


def _boot(count=1, group=None, host=None, project='p1', **values):
    instances = [dict({'uuid': uuidutils.generate_uuid(),
                       'project_id': project, 'user_id': 'u1',
                       'vm_state': 'building', 'vcpus': 1,
                       'memory_mb': 512, 'host': host}, **values)
                 for _ in range(count)]
    return instance_api.instance_create_for_build(
        instances, ['{}'] * count, _action(project),
        group_uuid=group['uuid'] if group else None)


def _node(host):
    return service_api.compute_node_create({
        'uuid': uuidutils.generate_uuid(), 'host': host,
        'hypervisor_hostname': host, 'vcpus': 8, 'memory_mb': 16384,
        'local_gb': 100})


def _claim(node, consumer):
    return allocation_api.allocation_claim(node.uuid, consumer, 'p1', 'u1',
                                           {'VCPU': 1})


def test_members_and_hosts_are_the_live_instances(db):
    group = _group()
    first, second = _boot(2, group, host='h1')
    (third,) = _boot(1, group)
    found = server_group_api.instance_group_get_by_uuid(group['uuid'])
    assert found['members'] == [first['uuid'], second['uuid'],
                                third['uuid']]
    assert found['hosts'] == ['h1']
    assert found['members_per_host'] == {'h1': 2}
    # A claimed but not yet assigned member counts on its node's host.
    _claim(_node('h2'), third['uuid'])
    found = server_group_api.instance_group_get_by_uuid(group['uuid'])
    assert found['members_per_host'] == {'h1': 2, 'h2': 1}
    instance_api.instance_destroy(first['uuid'])
    found = server_group_api.instance_group_get_by_uuid(group['uuid'])
    assert found['members'] == [second['uuid'], third['uuid']]
    assert found['members_per_host'] == {'h1': 1, 'h2': 1}
    by_instance = server_group_api.instance_group_get_by_instance_uuid(
        second['uuid'])
    assert by_instance['uuid'] == group['uuid']
    with pytest.raises(exception.InstanceGroupNotFound):
        server_group_api.instance_group_get_by_instance_uuid(first['uuid'])


def test_list_pages_by_offset_and_project(db):
    groups = [_group(name='g%d' % i) for i in range(4)]
    _group(project='p2')
    listed = server_group_api.instance_group_get_all('p1', limit=2,
                                                     offset=1)
    assert [g['uuid'] for g in listed] == [g['uuid'] for g in groups[1:3]]
    assert len(server_group_api.instance_group_get_all()) == 5
    assert server_group_api.instance_group_count_by_project('p1') == 4


def test_create_within_the_group_quota_leaves_nothing_when_over(db):
    _group(limit=2)
    _group(limit=2)
    with pytest.raises(exception.ServerGroupLimitExceeded):
        _group(limit=2)
    assert server_group_api.instance_group_count_by_project('p1') == 2
    _group(limit=-1)
    assert server_group_api.instance_group_count_by_project('p1') == 3


def test_destroy_removes_members_not_instances(db):
    group = _group()
    (inst,) = _boot(1, group)
    server_group_api.instance_group_destroy(group['uuid'])
    with pytest.raises(exception.InstanceGroupNotFound):
        server_group_api.instance_group_get_by_uuid(group['uuid'])
    assert instance_api.instance_get_by_uuid(inst['uuid'])
    with pytest.raises(exception.InstanceGroupNotFound):
        server_group_api.instance_group_destroy(group['uuid'])


def test_boot_into_a_missing_group_writes_nothing(db):
    with pytest.raises(exception.InstanceGroupNotFound):
        _boot(1, {'uuid': uuidutils.generate_uuid()})
    with api.reader() as session:
        assert session.execute(sa.select(sa.func.count(
            models.Instance.id))).scalar() == 0


def test_claim_enforces_anti_affinity_with_max_per_host(db):
    group = _group(rules={'max_server_per_host': 2})
    h1 = _node('h1')
    members = _boot(3, group)
    _claim(h1, members[0]['uuid'])
    _claim(h1, members[1]['uuid'])
    with pytest.raises(exception.GroupAffinityViolation) as err:
        _claim(h1, members[2]['uuid'])
    assert err.value.code == 409
    assert allocation_api.allocation_get_all_by_consumer(
        members[2]['uuid']) == []
    _claim(_node('h2'), members[2]['uuid'])
    # A member claiming again where it already is (a resize to the same
    # host) is not counted against itself.
    _claim(h1, members[0]['uuid'])


def test_claim_enforces_affinity_and_ignores_soft_policies(db):
    group = _group('affinity')
    h1, h2 = _node('h1'), _node('h2')
    first, second = _boot(2, group)
    _claim(h2, first['uuid'])
    with pytest.raises(exception.GroupAffinityViolation):
        _claim(h1, second['uuid'])
    _claim(h2, second['uuid'])
    soft = _group('soft-affinity')
    third, fourth = _boot(2, soft)
    _claim(h1, third['uuid'])
    _claim(h2, fourth['uuid'])


def test_concurrent_claims_cannot_break_anti_affinity(db):
    group = _group()
    node = _node('h1')
    members = _boot(6, group)
    results = []
    barrier = threading.Barrier(len(members))

    def claim(member):
        barrier.wait()
        try:
            _claim(node, member['uuid'])
            results.append('ok')
        except exception.GroupAffinityViolation:
            results.append('refused')

    threads = [threading.Thread(target=claim, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ['ok'] + ['refused'] * 5


def test_boot_within_quota_counts_in_the_transaction(db, conf):
    conf.config(group='quota', instances=3, server_group_members=2)
    created = quotas_obj.create_within_quota(
        [{'uuid': uuidutils.generate_uuid(), 'project_id': 'p1',
          'vcpus': 1, 'memory_mb': 64, 'vm_state': 'building'}
         for _ in range(2)], ['{}', '{}'], _action())
    assert len(created) == 2
    with pytest.raises(exception.OverQuota) as err:
        quotas_obj.create_within_quota(
            [{'uuid': uuidutils.generate_uuid(), 'project_id': 'p1',
              'vcpus': 1, 'memory_mb': 64} for _ in range(2)],
            ['{}', '{}'], _action())
    assert str(err.value) == ('Quota exceeded for instances: Requested 2, '
                              'but already used 2 of 3 instances')
    assert instance_api.instance_get_all_by_filters({'project_id': 'p1'},
                                                    limit=10).__len__() == 2
    group = _group()
    values = [{'uuid': uuidutils.generate_uuid(), 'project_id': 'p1',
               'vcpus': 1, 'memory_mb': 64} for _ in range(3)]
    conf.config(group='quota', instances=10)
    with pytest.raises(exception.ServerGroupMembersLimitExceeded):
        quotas_obj.create_within_quota(values, ['{}'] * 3, _action(),
                                       group['uuid'])
    assert server_group_api.instance_group_get_by_uuid(
        group['uuid'])['members'] == []


def test_purge_unbuilt_removes_every_row_of_the_boot(db):
    group = _group()
    created = _boot(2, group)
    assert instance_api.instance_purge_unbuilt(
        [c['uuid'] for c in created]) == 2
    with api.reader() as session:
        for model in (models.Instance, models.RequestSpec,
                      models.InstanceAction, models.InstanceGroupMember):
            assert session.execute(sa.select(sa.func.count()).select_from(
                model)).scalar() == 0
