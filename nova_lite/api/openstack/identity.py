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
  only compute for limits;
* project lookups (``GET /identity/v3/projects/{id}``, ``?name=``), as
  ``openstack quota set`` makes: every project exists, named by its id.

Nothing is stored and nothing is checked beyond the token's form: this is
the shim's trust, no more. With ``auth_strategy = keystone`` only the
version documents are served (tokens come from the real Keystone), and the
token request is a 404.
"""

import datetime

import pecan

from nova_lite.api.middleware import auth
from nova_lite.api.openstack import base
from nova_lite.api.schemas import identity as schemas
from nova_lite.api import validation
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
    identity = body['auth']['identity']
    if identity['methods'] != ['token']:
        raise exception.Invalid(
            'Only the "token" method is supported here: authenticate with '
            'a noauth2 token "user:project[:role,role]" (keystoneauth '
            'auth_type v3token)')
    return (identity.get('token') or {}).get('id')


class TokensController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.token_response)
    @validation.schema(schemas.token_request)
    def post(self, body):
        request = pecan.request
        if CONF.api.auth_strategy != 'noauth2':
            raise exception.NotFound('The resource could not be found.')
        token = _shim_token(body)
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


def _project(request, project_id):
    return {'id': project_id, 'name': project_id,
            'domain_id': DOMAIN['id'], 'enabled': True, 'is_domain': False,
            'parent_id': DOMAIN['id'], 'description': '', 'tags': [],
            'links': {'self': '%s/identity/v3/projects/%s' % (
                request.application_url, project_id)}}


class ProjectsController(base.Controller):
    """Project lookups (``openstack quota set PROJECT`` resolves its
    argument so): the shim has no project registry, so every project id
    exists and is its own name. Only with noauth2."""

    @staticmethod
    def _check_shim():
        if CONF.api.auth_strategy != 'noauth2':
            raise exception.NotFound('The resource could not be found.')

    @pecan.expose('json')
    @validation.query_schema(schemas.projects_query)
    @validation.response_body_schemas(schemas.projects_response)
    def get_all(self):
        self._check_shim()
        request = pecan.request
        name = request.GET.get('name')
        found = [name] if name else [request.context.project_id]
        return {'projects': [_project(request, p) for p in found if p],
                'links': {'self': request.url, 'next': None,
                          'previous': None}}

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.project_response)
    def get_one(self, project_id):
        self._check_shim()
        return {'project': _project(pecan.request, project_id)}


class AuthController:

    tokens = TokensController()


class IdentityV3Controller:

    auth = AuthController()
    projects = ProjectsController()

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.v3_response)
    def index(self):
        return {'version': _v3(pecan.request)}


class IdentityRootController:

    v3 = IdentityV3Controller()

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.root_response)
    def index(self):
        # Keystone answers its root with 300 Multiple Choices.
        pecan.response.status = 300
        return {'versions': {'values': [_v3(pecan.request)]}}
