"""/flavors: create, list, show, update (2.55), delete; paging; policy."""

import pytest

from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers


def _create(api, name='m1.small', version=None, status=200, **values):
    flavor = {'name': name, 'ram': 512, 'vcpus': 1, 'disk': 1}
    flavor.update(values)
    return api.post_json('/v2.1/flavors', {'flavor': flavor},
                         headers=headers(ADMIN, version), status=status)


def test_create_shows_the_flavor_in_full(api):
    flavor = _create(api, id='1', swap=0, rxtx_factor=1.5).json['flavor']
    assert flavor == {
        'id': '1', 'name': 'm1.small', 'ram': 512, 'disk': 1, 'vcpus': 1,
        'swap': '', 'OS-FLV-EXT-DATA:ephemeral': 0,
        'OS-FLV-DISABLED:disabled': False,
        'os-flavor-access:is_public': True, 'rxtx_factor': 1.5,
        'links': [
            {'rel': 'self', 'href': 'http://localhost/v2.1/flavors/1'},
            {'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}],
    }


def test_create_accepts_numbers_as_strings_and_generates_an_id(api):
    flavor = _create(api, ram='1024', vcpus='2', disk='10',
                     swap=512).json['flavor']
    assert (flavor['ram'], flavor['vcpus'], flavor['swap']) == (1024, 2, 512)
    assert len(flavor['id']) == 36


def test_duplicates_are_409(api):
    _create(api, id='1')
    body = _create(api, id='2', status=409).json
    assert body == {'conflictingRequest': {
        'code': 409, 'message': 'Flavor with name m1.small already exists.'}}
    message = _create(api, 'other', id='1', status=409).json[
        'conflictingRequest']['message']
    assert message == 'Flavor with ID 1 already exists.'


@pytest.mark.parametrize('values,field', [
    ({'ram': 0}, 'ram'),
    ({'vcpus': -1}, 'vcpus'),
    ({'disk': 'x'}, 'disk'),
    ({'name': ''}, 'name'),
    ({'id': ' 1'}, 'id'),
    ({'rxtx_factor': 0}, 'rxtx_factor'),
])
def test_create_validation(api, values, field):
    message = _create(api, status=400, **values).json['badRequest'][
        'message']
    assert message.startswith('Invalid input for field/attribute %s. '
                              % field)


def test_create_refuses_unknown_fields_and_description_before_255(api):
    message = _create(api, status=400, description='d').json[
        'badRequest']['message']
    assert "'description' was unexpected" in message


def test_member_may_not_create(api):
    response = api.post_json(
        '/v2.1/flavors',
        {'flavor': {'name': 'x', 'ram': 1, 'vcpus': 1, 'disk': 0}},
        headers=headers(MEMBER), status=403)
    assert response.json == {'forbidden': {
        'code': 403, 'message': "Policy doesn't allow "
        "os_compute_api:os-flavor-manage:create to be performed."}}


def test_list_and_detail(api):
    _create(api, 'a', id='1')
    _create(api, 'b', id='2', ram=2048)
    listed = api.get('/v2.1/flavors', headers=headers(MEMBER)).json
    assert [f['id'] for f in listed['flavors']] == ['1', '2']
    assert set(listed['flavors'][0]) == {'id', 'name', 'links'}
    assert 'flavors_links' not in listed
    detail = api.get('/v2.1/flavors/detail?minRam=1024',
                     headers=headers(MEMBER)).json
    assert [(f['id'], f['ram']) for f in detail['flavors']] == [
        ('2', 2048)]


def test_list_pages_with_next_links(api):
    for i in range(3):
        _create(api, 'f%d' % i, id=str(i))
    page = api.get('/v2.1/flavors/detail?limit=2&sort_dir=asc',
                   headers=headers(MEMBER)).json
    assert [f['id'] for f in page['flavors']] == ['0', '1']
    # As Nova: the query sorted, then the marker.
    assert page['flavors_links'] == [{
        'rel': 'next', 'href': 'http://localhost/v2.1/flavors/detail'
        '?limit=2&sort_dir=asc&marker=1'}]
    rest = api.get(page['flavors_links'][0]['href'],
                   headers=headers(MEMBER)).json
    assert [f['id'] for f in rest['flavors']] == ['2']
    assert 'flavors_links' not in rest


def test_list_errors(api):
    for query, message in [
            ('marker=nope', 'marker [nope] not found'),
            ('limit=x', 'Invalid input for field/attribute limit.'),
            ('minRam=x', 'Invalid minRam filter [x]'),
            ('is_public=maybe', 'Invalid is_public filter [maybe]'),
            ('sort_key=bogus', 'Invalid input for field/attribute '
                               'sort_key.')]:
        body = api.get('/v2.1/flavors?' + query, headers=headers(ADMIN),
                       status=400).json
        assert body['badRequest']['message'].startswith(message), query


def test_private_flavors_are_listed_for_admins_and_projects_with_access(
        api):
    _create(api, 'public', id='1')
    _create(api, 'private', id='2', **{'os-flavor-access:is_public': False})

    def ids(token, query=''):
        return [f['id'] for f in api.get('/v2.1/flavors' + query,
                                         headers=headers(token)).json[
            'flavors']]

    assert ids(MEMBER) == ['1']
    assert ids(ADMIN) == ['1']
    assert ids(ADMIN, '?is_public=false') == ['2']
    assert ids(ADMIN, '?is_public=none') == ['1', '2']
    # A member cannot ask for private flavors.
    assert ids(MEMBER, '?is_public=false') == ['1']
    api.post_json('/v2.1/flavors/2/action',
                  {'addTenantAccess': {'tenant': 'p1'}},
                  headers=headers(ADMIN))
    assert ids(MEMBER) == ['1', '2']


def test_show_and_404(api):
    _create(api, id='m1.tiny')
    # A dot in the id is not a format suffix.
    assert api.get('/v2.1/flavors/m1.tiny', headers=headers(MEMBER)).json[
        'flavor']['id'] == 'm1.tiny'
    body = api.get('/v2.1/flavors/nope', headers=headers(MEMBER),
                   status=404).json
    assert body == {'itemNotFound': {
        'code': 404, 'message': 'Flavor nope could not be found.'}}


def test_description_from_255(api):
    created = _create(api, id='1', version='2.55',
                      description='small').json['flavor']
    assert created['description'] == 'small'
    listed = api.get('/v2.1/flavors', headers=headers(MEMBER, '2.55')).json
    assert listed['flavors'][0]['description'] == 'small'
    old = api.get('/v2.1/flavors/1', headers=headers(MEMBER, '2.54')).json
    assert 'description' not in old['flavor']

    updated = api.put_json('/v2.1/flavors/1',
                           {'flavor': {'description': None}},
                           headers=headers(ADMIN, '2.55')).json
    assert updated['flavor']['description'] is None
    api.put_json('/v2.1/flavors/1', {'flavor': {'description': 'x'}},
                 headers=headers(ADMIN, '2.54'), status=404)
    api.put_json('/v2.1/flavors/1', {'flavor': {'description': 'x'}},
                 headers=headers(MEMBER, '2.55'), status=403)
    api.put_json('/v2.1/flavors/1', {'flavor': {'name': 'x'}},
                 headers=headers(ADMIN, '2.55'), status=400)


def test_delete(api):
    _create(api, id='1')
    api.delete('/v2.1/flavors/1', headers=headers(MEMBER), status=403)
    response = api.delete('/v2.1/flavors/1', headers=headers(ADMIN),
                          status=202)
    assert response.body == b''
    api.get('/v2.1/flavors/1', headers=headers(ADMIN), status=404)
    api.delete('/v2.1/flavors/1', headers=headers(ADMIN), status=404)
    api.delete('/v2.1/flavors', headers=headers(ADMIN), status=405)
