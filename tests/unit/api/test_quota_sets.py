"""/os-quota-sets: show, detail, defaults, update (and its refusal below
usage), delete; shapes per microversion; policies; limits follow."""

import pytest

from tests.unit.api import admin_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers

URL = '/v2.1/os-quota-sets/p1'
BASE = {'cores', 'instances', 'key_pairs', 'metadata_items', 'ram',
        'server_group_members', 'server_groups'}
NETWORK = {'fixed_ips', 'floating_ips', 'security_group_rules',
           'security_groups'}
FILES = {'injected_file_content_bytes', 'injected_file_path_bytes',
         'injected_files'}


@pytest.mark.parametrize('version,names', [
    ('2.1', BASE | NETWORK | FILES), ('2.36', BASE | FILES),
    ('2.57', BASE), ('2.73', BASE)])
def test_show_names_per_version(api, version, names):
    body = api.get(URL, headers=headers(MEMBER, version)).json['quota_set']
    assert set(body) == names | {'id'}
    assert body['id'] == 'p1' and body['instances'] == 10
    defaults = api.get(URL + '/defaults',
                       headers=headers(OTHER, version)).json['quota_set']
    assert set(defaults) == names | {'id'}


def test_update_show_detail_delete(api):
    admin_fakes.instance('c1', 'n1', vcpus=2, memory_mb=1024)
    body = api.put_json(URL, {'quota_set': {'instances': 5, 'cores': '7'}},
                        headers=headers(ADMIN, '2.57')).json['quota_set']
    assert 'id' not in body
    assert (body['instances'], body['cores'], body['ram']) == (5, 7, 51200)
    shown = api.get(URL, headers=headers(MEMBER)).json['quota_set']
    assert (shown['instances'], shown['cores']) == (5, 7)
    detail = api.get(URL + '/detail',
                     headers=headers(MEMBER, '2.57')).json['quota_set']
    assert detail['instances'] == {'in_use': 1, 'limit': 5, 'reserved': 0}
    assert detail['cores'] == {'in_use': 2, 'limit': 7, 'reserved': 0}
    assert detail['ram'] == {'in_use': 1024, 'limit': 51200, 'reserved': 0}
    limits = api.get('/v2.1/limits', headers=headers(MEMBER)).json[
        'limits']['absolute']
    assert (limits['maxTotalInstances'], limits['maxTotalCores']) == (5, 7)
    # Another project keeps the defaults.
    other = api.get('/v2.1/os-quota-sets/p2',
                    headers=headers(ADMIN)).json['quota_set']
    assert other['instances'] == 10
    resp = api.delete(URL, headers=headers(ADMIN), status=202)
    assert resp.body == b''
    shown = api.get(URL, headers=headers(MEMBER)).json['quota_set']
    assert (shown['instances'], shown['cores']) == (10, 20)


def test_limit_below_usage_is_refused_unless_forced(api):
    admin_fakes.instance('c1', 'n1', vcpus=3)
    admin_fakes.instance('c1', 'n1', vcpus=3)
    body = api.put_json(URL, {'quota_set': {'instances': 1}},
                        headers=headers(ADMIN), status=400).json
    assert body['badRequest']['message'] == (
        'Quota limit 1 for instances must be greater than or equal to '
        'already used and reserved 2.')
    body = api.put_json(URL, {'quota_set': {'cores': 5, 'ram': 10}},
                        headers=headers(ADMIN), status=400).json
    assert 'for cores' in body['badRequest']['message']
    # Nothing of a refused update was stored.
    assert api.get(URL, headers=headers(ADMIN)).json['quota_set'][
        'ram'] == 51200
    api.put_json(URL, {'quota_set': {'instances': -1}},
                 headers=headers(ADMIN))
    body = api.put_json(URL, {'quota_set': {'instances': 1, 'force': True}},
                        headers=headers(ADMIN)).json
    assert body['quota_set']['instances'] == 1


@pytest.mark.parametrize('version,body', [
    ('2.1', {'quota_set': {'instances': -2}}),
    ('2.1', {'quota_set': {'instances': 'ten'}}),
    ('2.1', {'quota_set': {'bogus': 1}}),
    ('2.1', {'quota_set': {'instances': 1, 'force': 'maybe'}}),
    ('2.1', {'instances': 1}),
    ('2.36', {'quota_set': {'floating_ips': 1}}),
    ('2.57', {'quota_set': {'injected_files': 1}}),
])
def test_bad_updates(api, version, body):
    resp = api.put_json(URL, body, headers=headers(ADMIN, version),
                        status=400)
    assert resp.json['badRequest']['message']


def test_policies(api):
    api.get(URL, headers=headers(OTHER), status=403)
    api.get(URL + '/detail', headers=headers(OTHER), status=403)
    api.get(URL, headers=headers('rita:p1:reader'))
    api.put_json(URL, {'quota_set': {'instances': 3}},
                 headers=headers(MEMBER), status=403)
    api.delete(URL, headers=headers(MEMBER), status=403)
    api.get(URL + '/defaults', headers=headers(OTHER))


def test_user_id(api):
    assert api.get(URL + '?user_id=alice', headers=headers(MEMBER)).json[
        'quota_set']['instances'] == 10
    body = api.put_json(URL + '?user_id=alice',
                        {'quota_set': {'instances': 3}},
                        headers=headers(ADMIN), status=400).json
    assert 'Per-user quotas' in body['badRequest']['message']
