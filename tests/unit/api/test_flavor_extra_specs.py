"""/flavors/{id}/os-extra_specs[/{key}]."""

from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers

URL = '/v2.1/flavors/1/os-extra_specs'


def _flavor(api):
    api.post_json('/v2.1/flavors', {'flavor': {
        'name': 'f', 'id': '1', 'ram': 1, 'vcpus': 1, 'disk': 0}},
        headers=headers(ADMIN))


def test_crud(api):
    _flavor(api)
    assert api.get(URL, headers=headers(MEMBER)).json == {'extra_specs': {}}
    created = api.post_json(URL, {'extra_specs': {
        'hw:cpu_policy': 'dedicated', 'quota:vif_limit': 2,
        'trait:X': True}}, headers=headers(ADMIN)).json
    assert created == {'extra_specs': {
        'hw:cpu_policy': 'dedicated', 'quota:vif_limit': '2',
        'trait:X': 'True'}}
    assert api.get(URL + '/hw:cpu_policy', headers=headers(MEMBER)).json == {
        'hw:cpu_policy': 'dedicated'}
    updated = api.put_json(URL + '/hw:cpu_policy',
                           {'hw:cpu_policy': 'shared'},
                           headers=headers(ADMIN)).json
    assert updated == {'hw:cpu_policy': 'shared'}
    response = api.delete(URL + '/trait:X', headers=headers(ADMIN))
    assert (response.status_int, response.body) == (200, b'')
    assert api.get(URL, headers=headers(MEMBER)).json == {'extra_specs': {
        'hw:cpu_policy': 'shared', 'quota:vif_limit': '2'}}


def test_errors(api):
    _flavor(api)
    body = api.get(URL + '/nope', headers=headers(MEMBER), status=404).json
    assert body['itemNotFound']['message'] == (
        'Flavor 1 has no extra specs with key nope.')
    api.delete(URL + '/nope', headers=headers(ADMIN), status=404)
    body = api.put_json(URL + '/a', {'b': '1'}, headers=headers(ADMIN),
                        status=400).json
    assert body['badRequest']['message'] == 'Request body and URI mismatch'
    api.put_json(URL + '/a', {'a': '1', 'b': '2'}, headers=headers(ADMIN),
                 status=400)
    api.post_json(URL, {'extra_specs': {'bad/key': 'x'}},
                  headers=headers(ADMIN), status=400)
    api.post_json(URL, {'extra_specs': {'a': 'x'}}, headers=headers(MEMBER),
                  status=403)
    api.get('/v2.1/flavors/2/os-extra_specs', headers=headers(MEMBER),
            status=404)
