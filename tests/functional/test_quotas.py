"""os-quota-sets and /limits over the real processes (openstacksdk and
the ``openstack`` CLI), and the race: concurrent creates against a
quota never leave more usable servers than the quota allows.
"""

import collections
import concurrent.futures
import threading

import pytest
import requests

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional import sdk
from tests.functional.test_cli import cli  # noqa: F401

pytestmark = cloud_mod.ONE_BACKEND

RACE_PROJECT = 'quota-race'


@pytest.fixture
def reverted(cloud):
    """Projects whose quotas a test sets; reverted to defaults after."""
    projects = set()
    yield projects
    for project in projects:
        cloud.admin.compute.revert_quota_set(project)


def test_show_update_defaults_detail_and_limits(cloud, reverted):
    admin = cloud.admin.compute
    reverted.add('demo')
    defaults = admin.get_quota_set_defaults('demo')
    assert (defaults.instances, defaults.cores) == (10, 20)
    server = cloud.boot_active(name='counted')
    updated = admin.update_quota_set('demo', instances=4, cores=6,
                                     server_groups=3)
    assert (updated.instances, updated.cores) == (4, 6)
    shown = cloud.demo.compute.get_quota_set('demo')
    assert (shown.instances, shown.cores, shown.server_groups) == (4, 6, 3)
    resp = cloud.demo.compute.get('/os-quota-sets/demo/detail',
                                  microversion='2.73')
    assert resp.status_code == 200, resp.text
    detail = resp.json()['quota_set']
    assert detail['instances'] == {'in_use': 1, 'limit': 4, 'reserved': 0}
    assert detail['cores'] == {'in_use': 1, 'limit': 6, 'reserved': 0}
    assert 'injected_files' not in detail and 'floating_ips' not in detail
    group = cloud.demo.compute.create_server_group(name='counted',
                                                   policy='affinity')
    try:
        limits = cloud.demo.compute.get_limits().absolute
        assert (limits.instances, limits.instances_used) == (4, 1)
        assert (limits.server_groups, limits.server_groups_used) == (3, 1)
    finally:
        cloud.demo.compute.delete_server_group(group.id)
    # Back to the defaults.
    admin.revert_quota_set('demo')
    assert cloud.demo.compute.get_quota_set('demo').instances == 10
    assert server.id


def test_a_limit_below_usage_is_refused_unless_forced(cloud, reverted):
    reverted.add('demo')
    for i in range(2):
        cloud.boot_active(name='used-%d' % i)
    resp = cloud.request('PUT', '/v2.1/os-quota-sets/demo',
                         token=sdk.token('admin', 'admin'),
                         json={'quota_set': {'instances': 1}})
    cloud_mod.assert_fault(
        resp, 400, 'Quota limit 1 for instances must be greater than or '
        'equal to already used and reserved 2.')
    resp = cloud.request('PUT', '/v2.1/os-quota-sets/demo',
                         token=sdk.token('admin', 'admin'),
                         json={'quota_set': {'instances': 1,
                                             'force': True}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['quota_set']['instances'] == 1
    # Over quota now: the next boot is refused.
    resp = cloud.request('POST', '/v2.1/servers', version='2.37', json={
        'server': {'name': 'over', 'imageRef': cloud.image_id,
                   'flavorRef': cloud.flavors['nl.tiny'],
                   'networks': 'none'}})
    cloud_mod.assert_fault(resp, 403, 'Quota exceeded for instances')
    # A member may not set quotas.
    resp = cloud.request('PUT', '/v2.1/os-quota-sets/demo',
                         json={'quota_set': {'instances': 50}})
    cloud_mod.assert_fault(resp, 403, 'os-quota-sets:update')


def test_cli_quota_show_and_set(cloud, cli, reverted):  # noqa: F811
    reverted.add('demo')
    cli.run('quota', 'set', '--instances', 7, '--cores', 9, 'demo')
    shown = cli.json('quota', 'show', '--compute', 'demo')
    values = shown if isinstance(shown, dict) else {
        row['Resource']: row['Limit'] for row in shown}
    assert (values['instances'], values['cores']) == (7, 9), shown


def _create(cloud, token, index):
    """One raw POST /servers; the status code."""
    resp = requests.post(
        cloud.compute_url + '/servers', timeout=60,
        headers={'X-Auth-Token': token,
                 'OpenStack-API-Version': 'compute 2.37'},
        json={'server': {'name': 'race-%d' % index,
                         'imageRef': cloud.image_id,
                         'flavorRef': cloud.flavors['nl.tiny'],
                         'networks': 'none'}})
    return resp.status_code, resp


def test_concurrent_creates_never_exceed_the_quota(cloud, reverted):
    reverted.add(RACE_PROJECT)
    cloud.admin.compute.update_quota_set(RACE_PROJECT, instances=10)
    token = sdk.token('racer', RACE_PROJECT)
    barrier = threading.Barrier(25)

    def create(index):
        barrier.wait()
        return _create(cloud, token, index)

    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        results = list(pool.map(create, range(25)))
    codes = collections.Counter(code for code, _resp in results)
    assert set(codes) <= {202, 403}, [
        (code, resp.text[:300]) for code, resp in results
        if code not in (202, 403)]
    for code, resp in results:
        if code == 403:
            assert 'Quota exceeded for instances' in resp.text, resp.text
    accepted = [resp.json()['server']['id'] for code, resp in results
                if code == 202]
    conn = cloud.conn('racer', RACE_PROJECT)

    def statuses():
        found = {s.id: s.status for s in conn.compute.servers()}
        return found if all(status in ('ACTIVE', 'ERROR')
                            for status in found.values()) else None
    final = {}
    fixtures.wait_for(lambda: final.update(statuses() or {}) or (
        final and all(v in ('ACTIVE', 'ERROR') for v in final.values())),
        'the accepted servers to settle', timeout=120, interval=0.5,
        diagnostics=cloud.diagnostics)
    usable = [sid for sid, status in final.items() if status != 'ERROR']
    print('quota race: %d accepted (202), %d refused (403), %d usable '
          'servers, %d in ERROR' % (
              codes[202], codes[403], len(usable),
              len(final) - len(usable)))
    fixtures.record_figure(cloud.dep.backend, 'api1', 'quota_race',
                           {'accepted': codes[202], 'refused': codes[403],
                            'usable': len(usable)})
    assert len(usable) <= 10
    assert sorted(final) == sorted(accepted)
    assert codes[202] + codes[403] == 25
    assert cloud.instance_count(RACE_PROJECT) <= 10
