"""noauth2: tokens, roles, implied roles, and what is public."""

import pytest

from nova_lite.api.middleware import auth
from nova_lite import objects
from tests.unit.api.conftest import headers


@pytest.mark.parametrize('token,expected', [
    ('admin:p', ('admin', 'p', ['admin', 'member', 'reader'])),
    ('alice:p1', ('alice', 'p1', ['member', 'reader'])),
    ('alice:p1:reader', ('alice', 'p1', ['reader'])),
    ('bob:p2:admin', ('bob', 'p2', ['admin', 'member', 'reader'])),
    ('bob:p2:reader,custom', ('bob', 'p2', ['reader', 'custom'])),
    ('admin:p:reader', ('admin', 'p', ['reader'])),
])
def test_parse_token(token, expected):
    assert auth.parse_token(token) == expected


@pytest.mark.parametrize('token', [None, '', 'alice', 'alice:', ':p',
                                   'a:b:', 'a:b:c:d'])
def test_garbled_tokens(token):
    assert auth.parse_token(token) is None


@pytest.mark.parametrize('token', [None, 'garbled'])
def test_401_without_a_valid_token(api, token):
    response = api.get('/v2.1/flavors', headers=headers(token), status=401)
    assert response.json == {'unauthorized': {
        'code': 401,
        'message': 'The request you have made requires authentication.'}}


@pytest.mark.parametrize('path', ['/', '/v2.1', '/v2.1/', '/image/versions'])
def test_version_documents_need_no_token(api, path):
    api.get(path, headers=headers(None))


def test_context_roles_and_spoofed_headers(api, monkeypatch):
    seen = []

    def spy(context, *args, **kwargs):
        seen.append(context)
        return objects.FlavorList(objects=[])

    monkeypatch.setattr(objects.FlavorList, 'get_all', spy)
    api.get('/v2.1/flavors', headers=headers(
        'alice:p1:reader', **{'X-Roles': 'admin', 'X-Project-Id': 'x'}))
    context = seen[-1]
    assert (context.user_id, context.project_id) == ('alice', 'p1')
    assert context.roles == ['reader'] and not context.is_admin
    api.get('/v2.1/flavors', headers=headers('admin:p'))
    assert seen[-1].is_admin
    assert seen[-1].roles == ['admin', 'member', 'reader']
