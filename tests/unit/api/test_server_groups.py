"""/os-server-groups: create, list, show, delete per microversion; the
policy and quota of groups; boots that join one (the group hint)."""

import pytest

from tests.unit.api import admin_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers

URL = '/v2.1/os-server-groups'
READER = 'rita:p1:reader'


def _create(api, version='2.1', token=MEMBER, status=200, name='g',
            **group):
    group.setdefault('policies', ['anti-affinity'])
    if group['policies'] is None:
        del group['policies']
    body = {'server_group': dict(group, name=name)}
    return api.post_json(URL, body, headers=headers(token, version),
                         status=status)


def _create_v264(api, policy='anti-affinity', status=200, **values):
    body = {'server_group': dict(values, name='g', policy=policy)}
    return api.post_json(URL, body, headers=headers(MEMBER, '2.64'),
                         status=status)


def test_create_and_show_before_2_13(api):
    group = _create(api).json['server_group']
    assert set(group) == {'id', 'name', 'policies', 'members', 'metadata'}
    assert group['policies'] == ['anti-affinity']
    assert group['metadata'] == {} and group['members'] == []
    shown = api.get(URL + '/' + group['id'], headers=headers(MEMBER)).json
    assert shown == {'server_group': group}


def test_2_13_shows_the_owner_and_2_15_takes_soft_policies(api):
    _create(api, version='2.14', policies=['soft-affinity'], status=400)
    group = _create(api, version='2.15',
                    policies=['soft-affinity']).json['server_group']
    assert group['policies'] == ['soft-affinity']
    assert (group['project_id'], group['user_id']) == ('p1', 'alice')


def test_2_64_policy_and_rules(api):
    group = _create_v264(api, rules={'max_server_per_host': '2'}).json[
        'server_group']
    assert group['policy'] == 'anti-affinity'
    assert group['rules'] == {'max_server_per_host': 2}
    assert 'policies' not in group and 'metadata' not in group
    old = api.get(URL + '/' + group['id'],
                  headers=headers(MEMBER, '2.63')).json['server_group']
    assert old['policies'] == ['anti-affinity']
    msg = _create_v264(api, policy='affinity', status=400,
                       rules={'max_server_per_host': 2}).json
    assert msg['badRequest']['message'] == (
        'Only anti-affinity policy supports rules.')
    _create_v264(api, rules={'max_server_per_host': 0}, status=400)
    _create_v264(api, rules={'other': 1}, status=400)
    # The 2.1 form is refused at 2.64, and the 2.64 form before.
    _create(api, version='2.64', policies=['affinity'], status=400)
    api.post_json(URL, {'server_group': {'name': 'g', 'policy':
                                         'affinity'}},
                  headers=headers(MEMBER, '2.63'), status=400)


@pytest.mark.parametrize('body', [
    {'server_group': {'name': 'g', 'policies': ['affinity', 'affinity']}},
    {'server_group': {'name': 'g', 'policies': []}},
    {'server_group': {'name': 'g', 'policies': ['bogus']}},
    {'server_group': {'name': '', 'policies': ['affinity']}},
    {'server_group': {'policies': ['affinity']}},
    {'server_group': {'name': 'g', 'policies': ['affinity'], 'x': 1}},
])
def test_bad_bodies(api, body):
    resp = api.post_json(URL, body, headers=headers(MEMBER), status=400)
    assert resp.json['badRequest']['message']
    assert api.get(URL, headers=headers(MEMBER)).json == {
        'server_groups': []}


def test_list_is_per_project_and_all_projects_for_admins(api):
    mine = [_create(api, name='g%d' % i).json['server_group']['id']
            for i in range(3)]
    theirs = _create(api, token=OTHER).json['server_group']['id']
    listed = api.get(URL, headers=headers(MEMBER)).json['server_groups']
    assert [g['id'] for g in listed] == mine
    listed = api.get(URL + '?all_projects=1',
                     headers=headers(MEMBER)).json['server_groups']
    assert [g['id'] for g in listed] == mine
    listed = api.get(URL + '?all_projects=1',
                     headers=headers(ADMIN)).json['server_groups']
    assert [g['id'] for g in listed] == mine + [theirs]
    page = api.get(URL + '?limit=1&offset=1',
                   headers=headers(MEMBER)).json['server_groups']
    assert [g['id'] for g in page] == mine[1:2]
    api.get(URL + '?limit=-1', headers=headers(MEMBER), status=400)


def test_policies(api):
    group = _create(api).json['server_group']['id']
    _create(api, token=READER, status=403)
    api.get(URL + '/' + group, headers=headers(READER))
    api.get(URL + '/' + group, headers=headers(OTHER), status=403)
    api.delete(URL + '/' + group, headers=headers(READER), status=403)
    api.delete(URL + '/' + group, headers=headers(OTHER), status=403)
    api.delete(URL + '/' + group, headers=headers(ADMIN), status=204)


def test_delete_and_not_found(api):
    group = _create(api).json['server_group']['id']
    api.delete(URL + '/' + group, headers=headers(MEMBER), status=204)
    body = api.get(URL + '/' + group, headers=headers(MEMBER),
                   status=404).json
    assert body['itemNotFound']['message'] == (
        'Instance group %s could not be found.' % group)
    api.delete(URL + '/' + group, headers=headers(MEMBER), status=404)
    api.get(URL + '/not-a-uuid', headers=headers(MEMBER), status=404)


def test_group_quota(api, policy_conf):
    policy_conf.config(group='quota', server_groups=2)
    _create(api)
    _create(api)
    body = _create(api, status=403).json
    assert body['forbidden']['message'] == (
        'Quota exceeded, too many server groups.')
    # Another project has its own count.
    _create(api, token=OTHER)
    limits = api.get('/v2.1/limits', headers=headers(MEMBER)).json[
        'limits']['absolute']
    assert (limits['maxServerGroups'], limits['totalServerGroupsUsed']) == (
        2, 2)


def test_members_are_the_live_servers(api):
    group = _create(api).json['server_group']['id']
    from nova_lite import objects
    inst = admin_fakes.instance('c1', 'n1')
    objects.InstanceGroup.add_members(admin_fakes.admin_context(), group,
                                      [inst.uuid])
    shown = api.get(URL + '/' + group, headers=headers(MEMBER)).json
    assert shown['server_group']['members'] == [inst.uuid]
    inst.destroy()
    shown = api.get(URL + '/' + group, headers=headers(MEMBER)).json
    assert shown['server_group']['members'] == []


# --- booting into a group ----------------------------------------------------

from unittest import mock  # noqa: E402

from nova_lite import context as nl_context  # noqa: E402
from nova_lite import objects  # noqa: E402
from tests.unit.api.test_servers import IMAGE_ID  # noqa: E402
from tests.unit.api.test_servers import casts  # noqa: E402,F401
from tests.unit.api.test_servers import cloud  # noqa: E402,F401


def _boot(api, group, status=202, version='2.71', count=1):
    body = {'server': {'name': 'web', 'imageRef': IMAGE_ID, 'flavorRef': '1',
                       'networks': 'none', 'min_count': count},
            'os:scheduler_hints': {'group': group} if group else {}}
    return api.post_json('/v2.1/servers', body,
                         headers=headers(MEMBER, version), status=status)


def test_boot_joins_the_group(cloud, casts):  # noqa: F811
    group = _create(cloud).json['server_group']['id']
    server = _boot(cloud, group).json['server']['id']
    spec = casts.build.call_args.kwargs['request_spec']
    assert spec.instance_group.uuid == group
    assert spec.instance_group.policy == 'anti-affinity'
    shown = cloud.get(URL + '/' + group, headers=headers(MEMBER)).json
    assert shown['server_group']['members'] == [server]
    body = cloud.get('/v2.1/servers/' + server,
                     headers=headers(MEMBER, '2.71')).json['server']
    assert body['server_groups'] == [group]
    body = cloud.get('/v2.1/servers/' + server,
                     headers=headers(MEMBER, '2.70')).json['server']
    assert 'server_groups' not in body


def test_boot_into_an_unknown_group_is_a_400(cloud, casts):  # noqa: F811
    missing = '4f0f2bd1-0d6b-4a43-9f3c-1c1d3cf4d7a1'
    body = _boot(cloud, missing, status=400).json
    assert body['badRequest']['message'] == (
        'Instance group %s could not be found.' % missing)
    _boot(cloud, 'not-a-uuid', status=400)
    casts.build.assert_not_called()


def test_member_quota(cloud, casts, policy_conf):  # noqa: F811
    policy_conf.config(group='quota', server_group_members=2)
    group = _create(cloud).json['server_group']['id']
    _boot(cloud, group, count=2)
    body = _boot(cloud, group, status=403).json
    assert body['forbidden']['message'] == (
        'Quota exceeded, too many servers in group')
    shown = cloud.get(URL + '/' + group, headers=headers(MEMBER)).json
    assert len(shown['server_group']['members']) == 2


def test_quota_recheck_in_the_conductor_leaves_nothing(
        cloud, casts, policy_conf):  # noqa: F811
    """The API's check passed (a concurrent boot was not counted yet): the
    count made as the rows are written refuses, nothing is left and no
    build is cast."""
    policy_conf.config(group='quota', instances=1)
    ctx = nl_context.get_admin_context()
    with mock.patch.object(objects.Quotas, 'check_deltas'):
        _boot(cloud, None)
        body = _boot(cloud, None, status=403).json
    assert body['forbidden']['message'] == (
        'Quota exceeded for instances: Requested 1, but already used 1 of '
        '1 instances')
    assert casts.build.call_count == 1
    assert len(objects.InstanceList.get_by_filters(
        ctx, {'project_id': 'p1'})) == 1
