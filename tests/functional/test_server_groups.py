"""Server groups over the real processes: the hard policies honoured by
the scheduler (and by the claim when boots race), the soft ones never
failing a boot, the member quota, driven with openstacksdk and the
``openstack`` CLI.

The deployment has two computes (compute1, compute2).
"""

import concurrent.futures

import openstack.exceptions
import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional.test_cli import cli  # noqa: F401

pytestmark = cloud_mod.ONE_BACKEND

NO_VALID_HOST = 'No valid host was found'


@pytest.fixture
def groups(cloud):
    """Create groups as demo; every one made is deleted afterwards."""
    made = []

    def create(policy, name='sg', **values):
        group = cloud.demo.compute.create_server_group(
            name=name, policy=policy, **values)
        made.append(group.id)
        return group
    create.made = made
    yield create
    for group_id in made:
        cloud.admin.compute.delete_server_group(group_id)


def _boot_member(cloud, group_id, name='member', **kwargs):
    return cloud.boot(name=name, scheduler_hints={'group': group_id},
                      **kwargs)


def _until_settled(cloud, server_id):
    """Wait until the server is ACTIVE or ERROR; return the Server."""
    found = {}

    def settled():
        server = cloud.demo.compute.get_server(server_id)
        found['server'] = server
        return server.status in ('ACTIVE', 'ERROR')
    fixtures.wait_for(settled, 'server %s to settle' % server_id,
                      timeout=cloud_mod.BOOT_DEADLINE, interval=0.2,
                      diagnostics=cloud.diagnostics)
    return found['server']


def _fault(cloud, server_id):
    body = cloud.admin.compute.get('/servers/%s' % server_id).json()
    return body['server'].get('fault', {}).get('message', '')


def test_affinity_keeps_members_on_one_host(cloud, groups):
    group = groups('affinity')
    servers = [cloud.boot_active(name='aff-%d' % i,
                                 scheduler_hints={'group': group.id})
               for i in range(3)]
    hosts = {cloud.host_of(s.id) for s in servers}
    assert len(hosts) == 1, hosts
    shown = cloud.demo.compute.get_server_group(group.id)
    assert sorted(shown.member_ids) == sorted(s.id for s in servers)
    assert shown.policy == 'affinity'
    # 2.71: the server names its group.
    body = cloud.demo.compute.get('/servers/%s' % servers[0].id,
                                  microversion='2.71').json()
    assert body['server']['server_groups'] == [group.id]


def test_anti_affinity_spreads_and_a_third_member_fails(cloud, groups, cli):  # noqa: F811,E501
    made = cli.json('server', 'group', 'create', '--policy',
                    'anti-affinity', 'anti-cli', cloud='nl-demo')
    groups.made.append(made['id'])
    assert made['policy'] == 'anti-affinity', made
    first, second = [cloud.boot_active(
        name='anti-%d' % i, scheduler_hints={'group': made['id']})
        for i in range(2)]
    assert {cloud.host_of(first.id), cloud.host_of(second.id)} == {
        'compute1', 'compute2'}
    third = _boot_member(cloud, made['id'], name='anti-2')
    third = _until_settled(cloud, third.id)
    assert third.status == 'ERROR'
    assert NO_VALID_HOST in _fault(cloud, third.id)
    listed = cli.json('server', 'group', 'show', made['id'], cloud='nl-demo')
    assert len(listed['members'].split(',') if isinstance(
        listed['members'], str) else listed['members']) == 3


def test_max_server_per_host_rule(cloud, groups):
    conn = cloud.conn(microversion='2.64')
    group = conn.compute.create_server_group(
        name='rule', policy='anti-affinity',
        rules={'max_server_per_host': 2})
    groups.made.append(group.id)
    assert group.rules == {'max_server_per_host': 2}
    servers = [cloud.boot_active(name='rule-%d' % i,
                                 scheduler_hints={'group': group.id})
               for i in range(4)]
    hosts = sorted(cloud.host_of(s.id) for s in servers)
    assert hosts == ['compute1', 'compute1', 'compute2', 'compute2']
    fifth = _until_settled(cloud, _boot_member(cloud, group.id).id)
    assert fifth.status == 'ERROR'


@pytest.mark.parametrize('policy', ['soft-affinity', 'soft-anti-affinity'])
def test_soft_policies_never_fail_a_boot(cloud, groups, policy):
    group = groups(policy)
    servers = [cloud.boot_active(name='soft-%d' % i,
                                 scheduler_hints={'group': group.id})
               for i in range(3)]
    assert all(s.status == 'ACTIVE' for s in servers)
    shown = cloud.demo.compute.get_server_group(group.id)
    assert len(shown.member_ids) == 3


def test_member_quota(cloud, groups):
    cloud.admin.compute.update_quota_set('demo', server_group_members=2)
    try:
        group = groups('soft-affinity')
        for i in range(2):
            cloud.boot_active(name='q-%d' % i,
                              scheduler_hints={'group': group.id})
        with pytest.raises(openstack.exceptions.HttpException) as err:
            _boot_member(cloud, group.id)
        assert err.value.status_code == 403
        assert 'Quota exceeded, too many servers in group' in str(err.value)
    finally:
        cloud.admin.compute.revert_quota_set('demo')


def test_unknown_group_is_a_400(cloud):
    missing = '0d0f5e1a-6e0b-4b1a-8a3c-5c8a5b6f7e10'
    resp = cloud.request('POST', '/v2.1/servers', json={
        'server': {'name': 'x', 'imageRef': cloud.image_id,
                   'flavorRef': cloud.flavors['nl.tiny'],
                   'networks': 'none'},
        'os:scheduler_hints': {'group': missing}}, version='2.37')
    cloud_mod.assert_fault(resp, 400, 'Instance group %s could not be found'
                           % missing)


@pytest.mark.parametrize('policy', ['anti-affinity', 'affinity'])
def test_concurrent_boots_do_not_break_the_policy(cloud, groups, policy):
    """Boots racing into one group: the scheduler's view of the group may
    be stale for all of them; the claim in the conductor is not."""
    group = groups(policy)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        created = list(pool.map(
            lambda i: _boot_member(cloud, group.id, name='race-%d' % i),
            range(4)))
    settled = [_until_settled(cloud, s.id) for s in created]
    active = [s for s in settled if s.status == 'ACTIVE']
    hosts = [cloud.host_of(s.id) for s in active]
    if policy == 'anti-affinity':
        # Two hosts: at most one member on each, the others refused.
        assert len(hosts) == len(set(hosts)) == 2, hosts
        for server in settled:
            if server.status == 'ERROR':
                assert NO_VALID_HOST in _fault(cloud, server.id)
    else:
        assert len(active) == 4 and len(set(hosts)) == 1, hosts
