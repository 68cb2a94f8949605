"""What microversions 2.61-2.73 change on /servers and /flavors.

2.61 flavor extra_specs, 2.63 trusted_image_certificates, 2.66
changes-before (and changes-since at every version), 2.67 block device
volume_type, 2.73 locked_reason and the locked filter and sort key.
"""

import datetime

import pytest

from nova_lite import context as nl_context
from nova_lite.db import instance_api
from nova_lite import objects
from tests import api_schemas
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers
from tests.unit.api.test_servers import _active
from tests.unit.api.test_servers import _boot_many
from tests.unit.api.test_servers import _error
from tests.unit.api.test_servers import _set_state
from tests.unit.api.test_servers import boot
from tests.unit.api.test_servers import casts  # noqa: F401 (fixture)
from tests.unit.api.test_servers import cloud  # noqa: F401 (fixture)

T0 = datetime.datetime(2024, 5, 1, 12, 0, 0)


def _touch(server_id, minutes):
    """Set the server's updated_at to T0 + ``minutes``."""
    instance_api.instance_update(
        server_id, {'updated_at': T0 + datetime.timedelta(minutes=minutes)})


def _ids(api, query, token=MEMBER, version=None):
    body = api.get('/v2.1/servers/detail?' + query,
                   headers=headers(token, version)).json
    return sorted(s['id'] for s in body['servers'])


# --- changes-since / changes-before (2.66) ------------------------------------

@pytest.fixture
def timeline(cloud):  # noqa: F811
    """Three servers changed at T0+0, T0+10 and T0+20 minutes."""
    ids = _boot_many(cloud, 3)
    for minutes, server_id in zip((0, 10, 20), ids):
        _touch(server_id, minutes)
    return ids


def test_changes_since(cloud, timeline):  # noqa: F811
    assert _ids(cloud, 'changes-since=2024-05-01T12:10:00Z') == sorted(
        timeline[1:])
    # An offset is honoured: 14:05+02:00 is 12:05 UTC.
    assert _ids(cloud, 'changes-since=2024-05-01T14:05:00%2B02:00') == (
        sorted(timeline[1:]))
    assert _ids(cloud, 'changes-since=2024-05-01T12:30Z') == []


def test_changes_since_lists_deleted_servers(cloud, timeline):  # noqa: F811
    cloud.delete('/v2.1/servers/%s' % timeline[2], headers=headers(MEMBER),
                 status=204)
    # Listed, as DELETED, to its owner too.
    body = cloud.get('/v2.1/servers/detail?changes-since=2024-05-01T12:10Z',
                     headers=headers(MEMBER, '2.73')).json
    api_schemas.validate('servers.detail', '2.73', body, admin=False)
    statuses = {s['id']: s['status'] for s in body['servers']}
    assert statuses == {timeline[1]: 'BUILD', timeline[2]: 'DELETED'}
    # Without a changes filter it is gone.
    assert _ids(cloud, '') == sorted(timeline[:2])
    # An admin's explicit deleted=false wins.
    assert timeline[2] not in _ids(
        cloud, 'all_tenants=1&deleted=false&changes-since=2024-05-01T12:10Z',
        token=ADMIN)
    # Other projects' deletions are not shown.
    assert _ids(cloud, 'changes-since=2024-05-01T12:00Z', token=OTHER) == []


def test_changes_before_from_2_66(cloud, timeline):  # noqa: F811
    query = 'changes-before=2024-05-01T12:10:00Z'
    assert _ids(cloud, query, version='2.66') == sorted(timeline[:2])
    # Before 2.66 a member's changes-before is dropped (as Nova).
    assert _ids(cloud, query, version='2.65') == sorted(timeline)
    both = ('changes-since=2024-05-01T12:05Z&'
            'changes-before=2024-05-01T12:15Z')
    assert _ids(cloud, both, version='2.73') == [timeline[1]]
    equal = ('changes-since=2024-05-01T12:10Z&'
             'changes-before=2024-05-01T12:10Z')
    assert _ids(cloud, equal, version='2.73') == [timeline[1]]


def test_changes_before_earlier_than_since_is_400(cloud):  # noqa: F811
    response = cloud.get(
        '/v2.1/servers?changes-since=2024-05-01T12:10Z'
        '&changes-before=2024-05-01T12:00Z',
        headers=headers(MEMBER, '2.66'), status=400)
    assert _error(response, 400) == (
        'The value of changes-since must be less than or equal to '
        'changes-before.')


@pytest.mark.parametrize('query,version', [
    ('changes-since=yesterday', '2.1'),
    ('changes-since=2024-13-01T00:00Z', '2.73'),
    ('changes-before=not-a-time', '2.66'),
])
def test_malformed_times_are_400(cloud, query, version):  # noqa: F811
    response = cloud.get('/v2.1/servers?' + query,
                         headers=headers(MEMBER, version), status=400)
    assert query.split('=')[0] in _error(response, 400)


def test_db_reads_wire_strings_too(cloud, timeline):  # noqa: F811
    rows = instance_api.instance_get_all_by_filters(
        {'changes-since': '2024-05-01T12:10:00.000000',
         'changes-before': T0 + datetime.timedelta(minutes=15)})
    assert [r['uuid'] for r in rows] == [timeline[1]]


# --- locked filter and sort key (2.73) ---------------------------------------

@pytest.fixture
def locked(cloud):  # noqa: F811
    """Two servers, the first locked by its owner with a reason."""
    ids = _boot_many(cloud, 2)
    _set_state(ids[0], locked=True, locked_by='owner',
               locked_reason='maintenance')
    return ids


def test_locked_filter(cloud, locked):  # noqa: F811
    assert _ids(cloud, 'locked=true', version='2.73') == [locked[0]]
    assert _ids(cloud, 'locked=False', version='2.73') == [locked[1]]
    # Before 2.73 a member's locked filter is dropped (as Nova).
    assert _ids(cloud, 'locked=true', version='2.72') == sorted(locked)
    response = cloud.get('/v2.1/servers?locked=maybe',
                         headers=headers(MEMBER, '2.73'), status=400)
    assert "Unrecognized value 'maybe'" in _error(response, 400)


def test_sort_by_locked_from_2_73(cloud, locked):  # noqa: F811
    def order(direction, version):
        body = cloud.get('/v2.1/servers?sort_key=locked&sort_dir=%s'
                         % direction, headers=headers(MEMBER, version)).json
        return [s['id'] for s in body['servers']]

    assert order('asc', '2.73') == [locked[1], locked[0]]
    assert order('desc', '2.73') == [locked[0], locked[1]]
    # Before 2.73 the key is ignored: newest first, whatever the direction.
    assert order('asc', '2.72') == [locked[1], locked[0]]
    assert order('desc', '2.72') == [locked[1], locked[0]]


@pytest.mark.parametrize('version', ['2.62', '2.63', '2.70', '2.71', '2.72',
                                     '2.73'])
def test_show_from_2_63(cloud, locked, version):  # noqa: F811
    _active(locked[0])
    body = cloud.get('/v2.1/servers/%s' % locked[0],
                     headers=headers(MEMBER, version)).json
    api_schemas.validate('servers.show', version, body, admin=False)
    server = body['server']
    at = tuple(int(p) for p in version.split('.'))
    assert ('trusted_image_certificates' in server) is (at >= (2, 63))
    if at >= (2, 63):
        assert server['trusted_image_certificates'] is None
    assert server.get('locked_reason') == (
        'maintenance' if at >= (2, 73) else None)
    assert ('locked_reason' in server) is (at >= (2, 73))
    assert server['locked'] is True


def test_detail_at_2_73(cloud, locked):  # noqa: F811
    body = cloud.get('/v2.1/servers/detail',
                     headers=headers(MEMBER, '2.73')).json
    api_schemas.validate('servers.detail', '2.73', body, admin=False)
    reasons = {s['id']: s['locked_reason'] for s in body['servers']}
    assert reasons == {locked[0]: 'maintenance', locked[1]: None}
    # The detailed list has no server_groups (show's alone, 2.71).
    assert all('server_groups' not in s for s in body['servers'])


# --- POST /servers: 2.63 trusted certificates, 2.67 volume_type -------------

def test_trusted_certs_are_refused(cloud, casts):  # noqa: F811
    response = boot(cloud, version='2.63', status=400,
                    trusted_image_certificates=['cert-1'])
    assert 'Image certificate validation is not supported' in _error(
        response, 400)
    casts.build.assert_not_called()
    assert cloud.get('/v2.1/servers', headers=headers(MEMBER)).json == {
        'servers': []}
    # null asks for nothing.
    boot(cloud, version='2.73', trusted_image_certificates=None)


@pytest.mark.parametrize('certs,version', [
    (['cert-1'], '2.62'),       # unknown before 2.63
    ([], '2.63'),               # at least one
    (['a', 'a'], '2.63'),       # unique
    ([''], '2.63'),             # non-empty ids
    (['c%d' % i for i in range(51)], '2.73'),  # at most 50
])
def test_trusted_certs_schema(cloud, certs, version):  # noqa: F811
    response = boot(cloud, version=version, status=400,
                    trusted_image_certificates=certs)
    assert 'trusted_image_certificates' in _error(response, 400)


def _bdm(**extra):
    return [dict({'source_type': 'image', 'destination_type': 'local',
                  'boot_index': 0,
                  'uuid': '70a599e0-31e7-49b7-b260-868f441e862b'}, **extra)]


def test_bdm_volume_type(cloud, casts):  # noqa: F811
    response = boot(cloud, version='2.66', status=400,
                    block_device_mapping_v2=_bdm(volume_type='ssd'))
    assert 'volume_type' in _error(response, 400)
    response = boot(cloud, version='2.67', status=400,
                    block_device_mapping_v2=_bdm(volume_type='ssd'))
    assert _error(response, 400) == 'Volume type ssd could not be found.'
    casts.build.assert_not_called()
    # No type named: the local root disk boots as before.
    for volume_type in (None, ''):
        boot(cloud, version='2.67',
             block_device_mapping_v2=_bdm(volume_type=volume_type))
    # A volume is still refused (no block storage), with or without type.
    response = boot(cloud, version='2.73', status=400,
                    block_device_mapping_v2=_bdm(destination_type='volume'))
    assert 'there is no block storage service' in _error(response, 400)


# --- flavors: extra_specs (2.61) ------------------------------------------------

def _flavor_views(api, token, version):
    show = api.get('/v2.1/flavors/1', headers=headers(token, version)).json
    detail = api.get('/v2.1/flavors/detail',
                     headers=headers(token, version)).json
    index = api.get('/v2.1/flavors', headers=headers(token, version)).json
    api_schemas.validate('flavors.show', version, show)
    api_schemas.validate('flavors.detail', version, detail)
    api_schemas.validate('flavors.index', version, index)
    assert 'extra_specs' not in index['flavors'][0]
    return show['flavor'], detail['flavors'][0]


def test_flavor_extra_specs_from_2_61(cloud):  # noqa: F811
    for view in _flavor_views(cloud, MEMBER, '2.61'):
        assert view['extra_specs'] == {'hw:cpu': 'x'}
    for view in _flavor_views(cloud, MEMBER, '2.60'):
        assert 'extra_specs' not in view
    # Without the extra specs index policy (a role below reader): hidden.
    for view in _flavor_views(cloud, 'dave:p1:observer', '2.73'):
        assert 'extra_specs' not in view


def test_flavor_create_and_update_show_extra_specs(cloud):  # noqa: F811
    created = cloud.post_json('/v2.1/flavors', {'flavor': {
        'name': 'm1.new', 'ram': 256, 'vcpus': 1, 'disk': 1, 'id': '9'}},
        headers=headers(ADMIN, '2.61')).json
    api_schemas.validate('flavors.show', '2.61', created)
    assert created['flavor']['extra_specs'] == {}
    objects.Flavor.get_by_flavor_id(nl_context.get_admin_context(), '9')
    cloud.post_json('/v2.1/flavors/9/os-extra_specs',
                    {'extra_specs': {'a': 'b'}}, headers=headers(ADMIN))
    updated = cloud.put_json('/v2.1/flavors/9',
                             {'flavor': {'description': 'new'}},
                             headers=headers(ADMIN, '2.73')).json
    api_schemas.validate('flavors.show', '2.73', updated)
    assert updated['flavor']['extra_specs'] == {'a': 'b'}
