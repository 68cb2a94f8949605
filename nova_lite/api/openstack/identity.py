"""``/identity``: what the ``openstack`` CLI needs of an identity service.

nova_lite has no identity service. With ``[api] auth_strategy = noauth2``
(the token shim), clients still want a Keystone to talk to:

* version discovery: ``GET /identity`` (300, the version list) and
  ``GET /identity/v3`` (the v3 document). The CLI checks that identity
  speaks v3 before some commands (``flavor create``);
* a token with a service catalog: ``POST /identity/v3/auth/tokens`` with
  the ``token`` method (keystoneauth's ``v3token`` plugin), where the token
  is a noauth2 token, ``user:project[:role,role]``. The answer is that same
  token (``X-Subject-Token``) with its user, project and roles, and a
  catalog of this API's own services: compute (``/v2.1``), image
  (``/image``) and identity (``/identity``), in region ``RegionOne``.
  Clients then find their endpoints as they do with Keystone, and see that
  there is no volume or network service: ``openstack limits show`` asks
  only compute for limits.

Nothing is stored and nothing is checked beyond the token's form: this is
the shim's trust, no more. With ``auth_strategy = keystone`` only the
version documents are served (tokens come from the real Keystone), and the
token request is a 404.
"""

import datetime

import pecan

from nova_lite.api import common
from nova_lite.api.middleware import auth
import nova_lite.conf
from nova_lite import exception

CONF = nova_lite.conf.CONF

UPDATED = '2024-01-01T00:00:00Z'
VERSION_ID = 'v3.14'
MEDIA_TYPE = 'application/vnd.openstack.identity-v3+json'
REGION = 'RegionOne'
DOMAIN = {'id': 'default', 'name': 'Default'}
# A shim token never expires; clients still want a date.
TOKEN_LIFETIME = datetime.timedelta(days=365)
# (type, name, path under the API's root) of each catalog entry.
CATALOG = (('compute', 'nova', '/v2.1'),
           ('image', 'glance', '/image'),
           ('identity', 'keystone', '/identity'))
INTERFACES = ('public', 'internal', 'admin')


def _v3(request):
    return {
        'id': VERSION_ID,
        'status': 'stable',
        'updated': UPDATED,
        'links': [{'rel': 'self',
                   'href': request.application_url + '/identity/v3/'}],
        'media-types': [{'base': 'application/json', 'type': MEDIA_TYPE}],
    }


def _catalog(request):
    return [{'id': service_type, 'type': service_type, 'name': name,
             'endpoints': [{'id': '%s-%s' % (service_type, interface),
                            'interface': interface, 'region': REGION,
                            'region_id': REGION,
                            'url': request.application_url + path}
                           for interface in INTERFACES]}
            for service_type, name, path in CATALOG]


def _stamp(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%S.000000Z')


def _shim_token(body):
    """The noauth2 token a ``token``-method request authenticates with."""
    identity = ((body or {}).get('auth') or {}).get('identity') or {}
    if identity.get('methods') != ['token']:
        raise exception.Invalid(
            'Only the "token" method is supported here: authenticate with '
            'a noauth2 token "user:project[:role,role]" (keystoneauth '
            'auth_type v3token)')
    return (identity.get('token') or {}).get('id')


class TokensController:

    @pecan.expose('json')
    def index(self):
        request = pecan.request
        if request.method != 'POST' or CONF.api.auth_strategy != 'noauth2':
            raise exception.NotFound('The resource could not be found.')
        token = _shim_token(common.request_body(request))
        parsed = auth.parse_token(token)
        if parsed is None:
            raise exception.NotAuthenticated()
        user_id, project_id, roles = parsed
        now = datetime.datetime.now(datetime.timezone.utc)
        pecan.response.status = 201
        pecan.response.headers['X-Subject-Token'] = token
        return {'token': {
            'methods': ['token'],
            'issued_at': _stamp(now),
            'expires_at': _stamp(now + TOKEN_LIFETIME),
            'audit_ids': [request.environ.get('openstack.request_id', '')],
            'user': {'id': user_id, 'name': user_id, 'domain': DOMAIN,
                     'password_expires_at': None},
            'project': {'id': project_id, 'name': project_id,
                        'domain': DOMAIN},
            'roles': [{'id': role, 'name': role} for role in roles],
            'is_domain': False,
            'catalog': _catalog(request),
        }}


class AuthController:

    tokens = TokensController()


class IdentityV3Controller:

    auth = AuthController()

    @pecan.expose('json')
    def index(self):
        return {'version': _v3(pecan.request)}


class IdentityRootController:

    v3 = IdentityV3Controller()

    @pecan.expose('json')
    def index(self):
        # Keystone answers its root with 300 Multiple Choices.
        pecan.response.status = 300
        return {'versions': {'values': [_v3(pecan.request)]}}
