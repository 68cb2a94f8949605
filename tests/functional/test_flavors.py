"""Flavors over the REST API: shapes per microversion, the SDK's view,
admin-only management, extra specs, filters."""

import uuid

import openstack.exceptions
import pytest

from tests.functional import cloud as cloud_mod

pytestmark = cloud_mod.ONE_BACKEND

POLICY = "Policy doesn't allow %s to be performed."


@pytest.fixture
def scratch_flavor(cloud):
    """A flavor made for one test (deleted after it, as admin)."""
    made = []

    def make(**attrs):
        attrs.setdefault('name', 'scratch-%s' % uuid.uuid4().hex[:8])
        attrs.setdefault('ram', 128)
        attrs.setdefault('vcpus', 1)
        attrs.setdefault('disk', 1)
        flavor = cloud.admin.compute.create_flavor(**attrs)
        made.append(flavor.id)
        return flavor
    yield make
    cloud.delete_all()  # servers first: they may use the flavor
    for flavor_id in made:
        cloud.admin.compute.delete_flavor(flavor_id, ignore_missing=True)


def _get(conn, path, version, **params):
    resp = conn.compute.get(path, params=params, microversion=version)
    assert resp.status_code == 200, (path, resp.text)
    return resp.json()


@pytest.mark.parametrize('version', ['2.1', '2.55', '2.60', '2.61', '2.73'])
def test_list_detail_show_shapes(cloud, version):
    conn = cloud.demo
    index = cloud_mod.validate('flavors.index', version,
                               _get(conn, '/flavors', version))
    detail = cloud_mod.validate('flavors.detail', version,
                                _get(conn, '/flavors/detail', version))
    names = {f['name'] for f in index['flavors']}
    assert set(cloud_mod.FLAVORS) <= names, names
    assert {f['id'] for f in detail['flavors']} == \
        {f['id'] for f in index['flavors']}
    tiny_id = cloud.flavors['nl.tiny']
    shown = cloud_mod.validate('flavors.show', version,
                               _get(conn, '/flavors/%s' % tiny_id, version))
    flavor = shown['flavor']
    assert (flavor['ram'], flavor['vcpus'], flavor['disk']) == \
        cloud_mod.FLAVORS['nl.tiny'], flavor
    assert flavor['swap'] == '', flavor  # Nova shows no swap as ""
    assert flavor['os-flavor-access:is_public'] is True, flavor
    assert ('description' in flavor) == (version != '2.1'), flavor
    # 2.61: a full flavor shows its extra specs to a reader.
    with_specs = version in ('2.61', '2.73')
    assert ('extra_specs' in flavor) == with_specs, flavor
    assert all(('extra_specs' in f) == with_specs
               for f in detail['flavors']), detail
    assert not any('extra_specs' in f for f in index['flavors']), index


def test_the_sdk_lists_finds_and_shows_flavors(cloud):
    conn = cloud.demo
    listed = {f.name: f for f in conn.compute.flavors()}
    assert set(cloud_mod.FLAVORS) <= set(listed), listed
    found = conn.compute.find_flavor('nl.quarter', ignore_missing=False)
    assert found.id == cloud.flavors['nl.quarter']
    shown = conn.compute.get_flavor(found.id)
    assert (shown.ram, shown.vcpus, shown.disk) == \
        cloud_mod.FLAVORS['nl.quarter'], shown


def test_min_ram_filter_and_pagination(cloud):
    conn = cloud.demo
    big = {f['name'] for f in _get(conn, '/flavors', '2.60',
                                   minRam=1000)['flavors']}
    assert {'nl.quarter', 'nl.huge'} <= big and 'nl.tiny' not in big, big
    first = _get(conn, '/flavors', '2.60', limit=1)
    assert len(first['flavors']) == 1, first
    links = [link for link in first.get('flavors_links', [])
             if link['rel'] == 'next']
    assert links and 'marker=%s' % first['flavors'][0]['id'] in \
        links[0]['href'], first


def test_admin_creates_updates_and_deletes_a_flavor(cloud):
    admin = cloud.admin
    name = 'managed-%s' % uuid.uuid4().hex[:8]
    body = {'flavor': {'name': name, 'ram': 512, 'vcpus': 2, 'disk': 5,
                       'description': 'made by a functional test'}}
    resp = admin.compute.post('/flavors', json=body, microversion='2.55')
    assert resp.status_code == 200, resp.text
    flavor = cloud_mod.validate('flavors.show', '2.55', resp.json())['flavor']
    try:
        assert flavor['description'] == 'made by a functional test'
        # Members see it (public) with its description.
        seen = _get(cloud.demo, '/flavors/%s' % flavor['id'], '2.55')
        assert seen['flavor']['name'] == name, seen
        resp = admin.compute.put('/flavors/%s' % flavor['id'],
                                 json={'flavor': {'description': 'new'}},
                                 microversion='2.55')
        assert resp.status_code == 200, resp.text
        assert resp.json()['flavor']['description'] == 'new'
        # Names are unique.
        again = admin.compute.post('/flavors', json=body,
                                   microversion='2.55')
        cloud_mod.assert_fault(again, 409, name)
    finally:
        resp = admin.compute.delete('/flavors/%s' % flavor['id'])
    assert resp.status_code == 202, resp.text
    with pytest.raises(openstack.exceptions.NotFoundException):
        admin.compute.get_flavor(flavor['id'])


def test_members_cannot_manage_flavors(cloud, scratch_flavor):
    conn = cloud.demo
    body = {'flavor': {'name': 'nope', 'ram': 64, 'vcpus': 1, 'disk': 1}}
    cloud_mod.assert_fault(conn.compute.post('/flavors', json=body), 403,
                           POLICY % 'os_compute_api:os-flavor-manage:create')
    with pytest.raises(openstack.exceptions.ForbiddenException):
        conn.compute.create_flavor(name='nope', ram=64, vcpus=1, disk=1)
    flavor = scratch_flavor()
    cloud_mod.assert_fault(
        conn.compute.delete('/flavors/%s' % flavor.id), 403,
        POLICY % 'os_compute_api:os-flavor-manage:delete')
    cloud_mod.assert_fault(
        conn.compute.post('/flavors/%s/os-extra_specs' % flavor.id,
                          json={'extra_specs': {'a': 'b'}}), 403)
    assert cloud.admin.compute.get_flavor(flavor.id).name == flavor.name


def test_extra_specs_reach_the_server(cloud, scratch_flavor):
    flavor = scratch_flavor()
    specs = {'hw:cpu_policy': 'shared', 'functional:test': 'yes'}
    cloud.admin.compute.create_flavor_extra_specs(flavor, specs)
    read = _get(cloud.demo, '/flavors/%s/os-extra_specs' % flavor.id, '2.60')
    assert read == {'extra_specs': specs}, read
    one = _get(cloud.demo, '/flavors/%s/os-extra_specs/functional:test'
               % flavor.id, '2.60')
    assert one == {'functional:test': 'yes'}, one
    server = cloud.boot_active(name='specs', flavor=flavor.id)
    body = cloud.demo.compute.get('/servers/%s' % server.id,
                                  microversion='2.47').json()
    cloud_mod.validate('servers.show', '2.47', body)
    assert body['server']['flavor']['extra_specs'] == specs, body
    assert body['server']['flavor']['original_name'] == flavor.name
    # 2.61: the flavor itself shows them too, as openstacksdk reads them.
    assert cloud.demo.compute.get_flavor(flavor.id).extra_specs == specs


def test_unknown_flavor_is_404(cloud):
    for path in ('/flavors/no-such-flavor',
                 '/flavors/no-such-flavor/os-extra_specs'):
        cloud_mod.assert_fault(cloud.demo.compute.get(path), 404)
