"""Listing servers: shapes, filters, pagination, sorting, projects, admin.

One set of servers for the whole module (booted once, deleted at the end):
four in project ``demo`` (three ACTIVE, one ERROR) and one in
``alt-project``.
"""

import collections
import datetime
import urllib.parse
import uuid

import openstack.exceptions
import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures

pytestmark = cloud_mod.ONE_BACKEND

Listed = collections.namedtuple('Listed', 'cloud demo other hosts')


@pytest.fixture(scope='module')
def listed(api_cloud):
    """name -> id of the module's servers, in creation order."""
    cloud = api_cloud
    cloud.ensure_healthy()
    cloud.delete_all()
    demo, other = {}, {}
    try:
        for name in ('lst-a-1', 'lst-a-2', 'lst-b-1'):
            demo[name] = cloud.boot_active(name=name).id
        demo['lst-err'] = cloud.wait_status(
            cloud.boot(name='lst-err', flavor='nl.huge'), status='ERROR').id
        alt = cloud.conn(*cloud_mod.OTHER)
        other['lst-other'] = cloud.boot_active(alt, name='lst-other').id
        hosts = {sid: cloud.host_of(sid)
                 for sid in list(demo.values()) + list(other.values())}
        yield Listed(cloud, demo, other, hosts)
    finally:
        cloud.ensure_healthy()
        cloud.delete_all()


def _get(conn, path, version=None, **params):
    resp = conn.compute.get(path, params=params, microversion=version)
    assert resp.status_code == 200, (path, params, resp.text)
    return resp.json()


@pytest.mark.parametrize('version', ['2.1', '2.47', '2.60', '2.73'])
def test_index_and_detail_shapes(listed, version):
    conn = listed.cloud.demo
    index = cloud_mod.validate('servers.index', version,
                               _get(conn, '/servers', version))
    assert {s['id'] for s in index['servers']} == set(listed.demo.values())
    assert 'servers_links' not in index, index
    for entry in index['servers']:
        rels = {link['rel'] for link in entry['links']}
        assert {'self', 'bookmark'} <= rels, entry
    detail = cloud_mod.validate('servers.detail', version,
                                _get(conn, '/servers/detail', version),
                                admin=False)
    statuses = {s['name']: s['status'] for s in detail['servers']}
    assert statuses == {'lst-a-1': 'ACTIVE', 'lst-a-2': 'ACTIVE',
                        'lst-b-1': 'ACTIVE', 'lst-err': 'ERROR'}, statuses


def test_admin_detail_shape_across_projects(listed):
    body = _get(listed.cloud.admin, '/servers/detail', '2.60',
                all_tenants='1')
    cloud_mod.validate('servers.detail', '2.60', body, admin=True)
    ids = {s['id'] for s in body['servers']}
    assert set(listed.demo.values()) | set(listed.other.values()) <= ids
    for server in body['servers']:
        if server['id'] in listed.hosts and server['status'] == 'ACTIVE':
            assert server['OS-EXT-SRV-ATTR:host'] == \
                listed.hosts[server['id']], server


def test_sdk_list_follows_pages(listed):
    conn = listed.cloud.demo
    names = sorted(s.name for s in conn.compute.servers(details=False))
    assert names == sorted(listed.demo), names
    # limit=1: openstacksdk walks servers_links page by page.
    paged = [s.id for s in conn.compute.servers(limit=1)]
    assert sorted(paged) == sorted(listed.demo.values()), paged


@pytest.mark.parametrize('name,expected', [
    ('lst-a', {'lst-a-1', 'lst-a-2'}),
    ('^lst-b', {'lst-b-1'}),
    ('err$', {'lst-err'}),
    ('no-such-server', set()),
])
def test_filter_by_name(listed, name, expected):
    conn = listed.cloud.demo
    found = {s.name for s in conn.compute.servers(name=name)}
    assert found == expected, (name, found)


@pytest.mark.parametrize('status,expected', [
    ('ACTIVE', {'lst-a-1', 'lst-a-2', 'lst-b-1'}),
    ('ERROR', {'lst-err'}),
    ('BUILD', set()),
])
def test_filter_by_status(listed, status, expected):
    conn = listed.cloud.demo
    found = {s.name for s in conn.compute.servers(status=status)}
    assert found == expected, (status, found)


def test_filter_by_host_is_for_admins(listed):
    admin = listed.cloud.admin
    for host in fixtures.COMPUTE_RESOURCES:
        found = {s.id for s in admin.compute.servers(all_projects=True,
                                                     compute_host=host)}
        expected = {sid for sid, h in listed.hosts.items() if h == host}
        assert found == expected, (host, found, expected)
    # A member's host filter is dropped, as Nova drops the filters a
    # non-admin may not use: the member gets every server of theirs.
    host = next(iter(listed.hosts.values()))
    found = {s.id for s in listed.cloud.demo.compute.servers(
        compute_host=host)}
    assert found == set(listed.demo.values()), found


def _pages(conn, path, limit):
    """Follow servers_links from ``path?limit=``; return the pages."""
    pages = []
    body = _get(conn, path, limit=limit)
    while True:
        pages.append([s['id'] for s in body['servers']])
        nxt = [link['href'] for link in body.get('servers_links', [])
               if link['rel'] == 'next']
        if not nxt:
            return pages
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(nxt[0]).query)
        assert query['limit'] == [str(limit)], nxt
        assert query['marker'] == [pages[-1][-1]], (nxt, pages)
        assert len(pages) < 10, pages
        body = conn.compute.get(nxt[0]).json()


@pytest.mark.parametrize('path', ['/servers', '/servers/detail'])
def test_pagination_with_limit_and_marker(listed, path):
    conn = listed.cloud.demo
    whole = [s['id'] for s in _get(conn, path)['servers']]
    # Newest first (created_at, then id, descending), as Nova sorts.
    assert whole == list(reversed(list(listed.demo.values()))), whole
    pages = _pages(conn, path, 2)
    # Four servers, two per page: a next link after each full page (so an
    # empty third page), as Nova does.
    assert [len(p) for p in pages] == [2, 2, 0], pages
    assert sum(pages, []) == whole, pages
    pages = _pages(conn, path, 3)
    assert [len(p) for p in pages] == [3, 1], pages
    assert sum(pages, []) == whole


def test_unknown_marker_is_400(listed):
    resp = listed.cloud.demo.compute.get('/servers?marker=%s' % uuid.uuid4())
    cloud_mod.assert_fault(resp, 400, 'marker')


def test_sort_by_name(listed):
    conn = listed.cloud.demo
    for direction in ('asc', 'desc'):
        names = [s['name'] for s in _get(conn, '/servers/detail',
                                         sort_key='display_name',
                                         sort_dir=direction)['servers']]
        assert names == sorted(listed.demo, reverse=direction == 'desc'), \
            (direction, names)


def test_another_projects_server_is_invisible(listed):
    cloud = listed.cloud
    alt = cloud.conn(*cloud_mod.OTHER)
    demo_id = listed.demo['lst-a-1']
    with pytest.raises(openstack.exceptions.NotFoundException):
        alt.compute.get_server(demo_id)
    cloud_mod.assert_fault(alt.compute.get('/servers/%s' % demo_id), 404)
    cloud_mod.assert_fault(alt.compute.delete('/servers/%s' % demo_id), 404)
    assert {s.name for s in alt.compute.servers()} == {'lst-other'}
    assert 'lst-other' not in {s.name for s in cloud.demo.compute.servers()}
    # Still there for its owner.
    assert cloud.demo.compute.get_server(demo_id).status == 'ACTIVE'
    # The admin sees both projects, or one with project_id.
    every = {s.id for s in cloud.admin.compute.servers(all_projects=True)}
    assert set(listed.demo.values()) | set(listed.other.values()) <= every
    only_alt = {s.name for s in cloud.admin.compute.servers(
        all_projects=True, project_id='alt-project')}
    assert only_alt == {'lst-other'}, only_alt


@pytest.mark.parametrize('path', ['/v2.1/servers?all_tenants=1',
                                  '/v2.1/servers/detail?all_tenants=1',
                                  '/v2.1/servers/detail?all_tenants=true'])
def test_all_tenants_is_refused_to_members(listed, path):
    resp = listed.cloud.request('GET', path)
    cloud_mod.assert_fault(resp, 403, "Policy doesn't allow",
                           'get_all_tenants')


def _iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def _live_names(servers):
    return {server.name for server in servers if server.status != 'DELETED'}


def test_changes_since_and_before(listed):
    """Over updated_at (>= since, <= before); changes-before from 2.66, as
    openstacksdk sends it (Server negotiates 2.73 here)."""
    conn = listed.cloud.demo
    detail = _get(conn, '/servers/detail', '2.73')['servers']
    updated = sorted(datetime.datetime.strptime(
        s['updated'], '%Y-%m-%dT%H:%M:%SZ') for s in detail)
    one_second = datetime.timedelta(seconds=1)
    everything = _live_names(conn.compute.servers(
        changes_since=_iso(updated[0])))
    assert everything == set(listed.demo), everything
    newest = _live_names(conn.compute.servers(
        changes_since=_iso(updated[-1])))
    assert newest and newest <= set(listed.demo), newest
    assert list(conn.compute.servers(
        changes_since=_iso(updated[-1] + 2 * one_second))) == []
    # changes-before also lists deleted servers (as Nova), such as those
    # earlier tests of the project deleted: only live ones are compared.
    assert _live_names(conn.compute.servers(
        changes_before=_iso(updated[0] - one_second))) == set()
    assert _live_names(conn.compute.servers(
        changes_before=_iso(updated[-1] + one_second))) == set(listed.demo)
    # Before 2.66 a member's changes-before is dropped (as Nova).
    old = _get(conn, '/servers', '2.65',
               **{'changes-before': _iso(updated[0] - one_second)})
    assert len(old['servers']) == len(listed.demo), old
    resp = conn.compute.get('/servers', microversion='2.66', params={
        'changes-since': _iso(updated[-1]),
        'changes-before': _iso(updated[0] - one_second)})
    cloud_mod.assert_fault(resp, 400, 'changes-since must be less than or '
                                      'equal to changes-before')
    resp = conn.compute.get('/servers', microversion='2.1',
                            params={'changes-since': 'yesterday'})
    cloud_mod.assert_fault(resp, 400, 'changes-since')


def test_locked_filter_from_2_73(listed):
    conn = listed.cloud.demo
    # openstacksdk sends "locked" as it is given.
    assert list(conn.compute.servers(locked='true')) == []
    unlocked = {s.name for s in conn.compute.servers(locked='false')}
    assert unlocked == set(listed.demo), unlocked
    resp = conn.compute.get('/servers?locked=maybe', microversion='2.73')
    cloud_mod.assert_fault(resp, 400, "Unrecognized value 'maybe'")
    # Before 2.73 a member's locked filter is dropped.
    body = _get(conn, '/servers', '2.72', locked='true')
    assert len(body['servers']) == len(listed.demo), body
    detail = _get(conn, '/servers/detail', '2.73', sort_key='locked')
    cloud_mod.validate('servers.detail', '2.73', {'servers': detail[
        'servers']}, admin=False)
    assert {s['locked_reason'] for s in detail['servers']} == {None}
