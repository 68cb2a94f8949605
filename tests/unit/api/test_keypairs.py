"""/os-keypairs: import, generate, list, show, delete; per user; quota;
the shapes and status codes of each microversion."""

import pytest

from tests import api_schemas
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers
from tests.unit.test_crypto import FINGERPRINT
from tests.unit.test_crypto import PUBLIC_KEY

URL = '/v2.1/os-keypairs'


def _create(api, name='k1', token=MEMBER, version='2.60', status=None,
            **values):
    values.setdefault('public_key', PUBLIC_KEY)
    if values['public_key'] is None:
        del values['public_key']
    body = {'keypair': dict(values, name=name)}
    return api.post_json(URL, body, headers=headers(token, version),
                         status=status or '*')


@pytest.mark.parametrize('version,status', [('2.1', 200), ('2.2', 201),
                                            ('2.60', 201)])
def test_import_shape_and_status(api, version, status):
    body = _create(api, version=version, status=status).json
    api_schemas.validate('keypairs.create', version, body)
    keypair = body['keypair']
    assert keypair['fingerprint'] == FINGERPRINT
    assert keypair['user_id'] == 'alice'
    assert 'private_key' not in keypair
    assert ('type' in keypair) == (version != '2.1')


def test_create_without_public_key_generates_one(api):
    body = _create(api, public_key=None, status=201).json
    api_schemas.validate('keypairs.create', '2.60', body)
    keypair = body['keypair']
    assert keypair['private_key'].startswith('-----BEGIN RSA PRIVATE KEY')
    assert keypair['public_key'].endswith('Generated-by-Nova')
    shown = api.get(URL + '/k1', headers=headers(MEMBER, '2.60')).json
    assert 'private_key' not in shown['keypair']
    assert shown['keypair']['public_key'] == keypair['public_key']


def test_x509_type_at_22(api):
    body = _create(api, type='x509', public_key=None, status=201).json
    assert body['keypair']['type'] == 'x509'
    assert body['keypair']['public_key'].startswith('-----BEGIN CERT')
    # Before 2.2 "type" is not a known field.
    message = _create(api, 'k2', version='2.1', type='ssh',
                      status=400).json['badRequest']['message']
    assert "'type' was unexpected" in message


@pytest.mark.parametrize('values,message', [
    ({'public_key': 'not a key'},
     'Keypair data is invalid: failed to generate fingerprint'),
    ({'name': 'bad/name'},
     'Keypair data is invalid: Keypair name contains unsafe characters'),
    ({'name': ''}, 'Invalid input for field/attribute name.'),
    ({'type': 'rsa'}, 'Invalid input for field/attribute type.'),
])
def test_create_refuses_bad_input(api, values, message):
    values.setdefault('name', 'k1')
    body = _create(api, status=400, **values).json
    api_schemas.validate('error', '2.60', body, code=400)
    assert body['badRequest']['message'].startswith(message)


def test_duplicate_name_is_409_but_other_users_may_reuse_it(api):
    _create(api, status=201)
    body = _create(api, status=409).json
    assert body == {'conflictingRequest': {
        'code': 409, 'message': "Key pair 'k1' already exists."}}
    _create(api, token=OTHER, status=201)


def test_quota_counts_the_users_key_pairs(api, policy_conf):
    policy_conf.config(group='quota', key_pairs=1)
    _create(api, status=201)
    body = _create(api, 'k2', status=403).json
    assert body == {'forbidden': {
        'code': 403, 'message': 'Quota exceeded, too many key pairs.'}}
    _create(api, 'k2', token=OTHER, status=201)


def test_users_see_only_their_own(api):
    _create(api, 'mine', status=201)
    _create(api, 'theirs', token=OTHER, status=201)
    body = api.get(URL, headers=headers(MEMBER, '2.60')).json
    api_schemas.validate('keypairs.index', '2.60', body)
    assert [k['keypair']['name'] for k in body['keypairs']] == ['mine']
    api.get(URL + '/theirs', headers=headers(MEMBER, '2.60'), status=404)
    api.delete(URL + '/theirs', headers=headers(MEMBER, '2.60'),
               status=404)
    body = api.get(URL + '/mine', headers=headers(MEMBER, '2.1')).json
    api_schemas.validate('keypairs.show', '2.1', body)
    assert 'type' not in body['keypair']


def test_user_id_is_for_admins_from_210(api):
    _create(api, 'theirs', token=OTHER, status=201)
    forbidden = api.get(URL + '?user_id=bob', headers=headers(MEMBER, '2.10'),
                        status=403).json
    assert forbidden['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:os-keypairs:index to be "
        "performed.")
    # Before 2.10 the parameter is ignored: the caller's own list.
    assert api.get(URL + '?user_id=bob',
                   headers=headers(MEMBER, '2.9')).json == {'keypairs': []}
    listed = api.get(URL + '?user_id=bob',
                     headers=headers(ADMIN, '2.10')).json
    assert [k['keypair']['name'] for k in listed['keypairs']] == ['theirs']
    shown = api.get(URL + '/theirs?user_id=bob',
                    headers=headers(ADMIN, '2.10')).json
    assert shown['keypair']['user_id'] == 'bob'
    made = _create(api, 'for-bob', token=ADMIN, version='2.10',
                   user_id='bob', status=201).json
    assert made['keypair']['user_id'] == 'bob'
    _create(api, 'x', token=MEMBER, version='2.10', user_id='bob',
            status=403)
    api.delete(URL + '/for-bob?user_id=bob', headers=headers(ADMIN, '2.10'),
               status=204)


def test_delete_status_by_version(api):
    _create(api, 'a', status=201)
    _create(api, 'b', status=201)
    api.delete(URL + '/a', headers=headers(MEMBER, '2.1'), status=202)
    api.delete(URL + '/b', headers=headers(MEMBER, '2.2'), status=204)
    body = api.delete(URL + '/b', headers=headers(MEMBER, '2.2'),
                      status=404).json
    assert body['itemNotFound']['message'] == (
        'Keypair b not found for user alice')


def test_pagination_from_235(api):
    for name in ('a', 'b', 'c'):
        _create(api, name, status=201)
    page = api.get(URL + '?limit=2', headers=headers(MEMBER, '2.35')).json
    api_schemas.validate('keypairs.index', '2.35', page)
    assert [k['keypair']['name'] for k in page['keypairs']] == ['a', 'b']
    assert page['keypairs_links'][0]['href'].endswith(
        '/v2.1/os-keypairs?limit=2&marker=b')
    rest = api.get(URL + '?limit=2&marker=b',
                   headers=headers(MEMBER, '2.35')).json
    assert [k['keypair']['name'] for k in rest['keypairs']] == ['c']
    assert 'keypairs_links' not in rest
    # Before 2.35: everything, no links.
    every = api.get(URL + '?limit=1', headers=headers(MEMBER, '2.34')).json
    assert len(every['keypairs']) == 3 and 'keypairs_links' not in every
