"""Flavor access: os-flavor-access and the add/removeTenantAccess actions."""

from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers


def _flavor(api, flavor_id, is_public):
    api.post_json('/v2.1/flavors', {'flavor': {
        'name': 'f' + flavor_id, 'id': flavor_id, 'ram': 1, 'vcpus': 1,
        'disk': 0, 'os-flavor-access:is_public': is_public}},
        headers=headers(ADMIN))


def _action(api, flavor_id, name, tenant, token=ADMIN, status=200,
            version=None):
    return api.post_json('/v2.1/flavors/%s/action' % flavor_id,
                         {name: {'tenant': tenant}},
                         headers=headers(token, version), status=status)


def test_add_list_remove(api):
    _flavor(api, '1', False)
    url = '/v2.1/flavors/1/os-flavor-access'
    assert api.get(url, headers=headers(ADMIN)).json == {
        'flavor_access': []}
    assert _action(api, '1', 'addTenantAccess', 'p1').json == {
        'flavor_access': [{'flavor_id': '1', 'tenant_id': 'p1'}]}
    _action(api, '1', 'addTenantAccess', 'p2')
    assert [a['tenant_id'] for a in api.get(
        url, headers=headers(ADMIN)).json['flavor_access']] == ['p1', 'p2']
    assert _action(api, '1', 'removeTenantAccess', 'p1').json == {
        'flavor_access': [{'flavor_id': '1', 'tenant_id': 'p2'}]}


def test_errors(api):
    _flavor(api, '1', False)
    _flavor(api, '2', True)
    _action(api, '1', 'addTenantAccess', 'p1')
    assert _action(api, '1', 'addTenantAccess', 'p1', status=409).json[
        'conflictingRequest']['message'].startswith(
            'Flavor access already exists')
    _action(api, '1', 'removeTenantAccess', 'p9', status=404)
    assert api.get('/v2.1/flavors/2/os-flavor-access',
                   headers=headers(ADMIN), status=404).json[
        'itemNotFound']['message'] == (
            'Access list not available for public flavors.')
    _action(api, '1', 'addTenantAccess', 'p3', token=MEMBER, status=403)
    api.get('/v2.1/flavors/1/os-flavor-access', headers=headers(MEMBER),
            status=403)
    body = api.post_json('/v2.1/flavors/1/action', {'resize': {}},
                         headers=headers(ADMIN), status=400).json
    assert body['badRequest']['message'] == 'There is no such action: resize'
    api.post_json('/v2.1/flavors/1/action',
                  {'addTenantAccess': {'tenant': 'p'}, 'x': 1},
                  headers=headers(ADMIN), status=400)
    api.post_json('/v2.1/flavors/1/action', {'addTenantAccess': {}},
                  headers=headers(ADMIN), status=400)


def test_public_flavor_access_is_a_conflict_from_27(api):
    _flavor(api, '2', True)
    _action(api, '2', 'addTenantAccess', 'p1', version='2.6')
    body = _action(api, '2', 'addTenantAccess', 'p2', version='2.7',
                   status=409).json
    assert body['conflictingRequest']['message'] == (
        'Can not add access to a public flavor.')
