"""Authentication: the ``noauth2`` shim and the public version documents.

Whatever authenticates a request leaves the identity in the headers
keystonemiddleware's auth_token sets (``X-User-Id``, ``X-Project-Id``,
``X-Roles`` …); ``hooks.ContextHook`` builds the RequestContext from them,
so the rest of the API does not know which strategy is in use.
"""

from oslo_log import log as logging
import webob.dec

from nova_lite.api import faults
from nova_lite import exception

LOG = logging.getLogger(__name__)

# Version discovery needs no token (as in Nova, Glance and Keystone), nor
# does asking for one (openstack/identity.py, the shim's token catalog).
PUBLIC_PATHS = frozenset(['', '/', '/v2.1', '/v2.1/', '/image', '/image/',
                          '/image/versions', '/identity', '/identity/',
                          '/identity/v3', '/identity/v3/',
                          '/identity/v3/auth/tokens'])

# Roles a role implies, as keystone's default implied roles expand them.
IMPLIED_ROLES = {'admin': ('member', 'reader'), 'member': ('reader',)}

# Headers a client must not be able to set itself.
IDENTITY_HEADERS = ('X-Identity-Status', 'X-User-Id', 'X-User-Name',
                    'X-User', 'X-Project-Id', 'X-Project-Name',
                    'X-Tenant-Id', 'X-Tenant', 'X-Roles', 'X-Domain-Id',
                    'X-User-Domain-Id', 'X-Project-Domain-Id',
                    'X-System-Scope', 'X-Service-Roles')


def expand_roles(roles):
    """``roles`` plus what they imply, in a stable order."""
    result = []
    for role in roles:
        for name in (role,) + IMPLIED_ROLES.get(role, ()):
            if name not in result:
                result.append(name)
    return result


def parse_token(token):
    """``user:project[:role,role]`` -> (user, project, roles) or None."""
    parts = (token or '').split(':')
    if len(parts) not in (2, 3) or not all(p.strip() for p in parts[:2]):
        return None
    user_id, project_id = parts[0].strip(), parts[1].strip()
    if len(parts) == 3:
        roles = [r.strip() for r in parts[2].split(',') if r.strip()]
        if not roles:
            return None
    elif user_id == 'admin':
        roles = ['admin']
    else:
        roles = ['member']
    return user_id, project_id, expand_roles(roles)


class NoAuth2:
    """Trust ``X-Auth-Token: user:project[:role,role]``: for tests only.

    User ``admin`` gets the roles admin, member and reader; anyone else
    member and reader unless the token names roles (which are expanded by
    the implied roles). A missing or garbled token is a 401.
    """

    def __init__(self, application):
        self.application = application
        LOG.warning('[api] auth_strategy = noauth2: every request is '
                    'trusted to say who it is. Never use this outside '
                    'tests and development.')

    @webob.dec.wsgify
    def __call__(self, req):
        for header in IDENTITY_HEADERS:
            req.headers.pop(header, None)
        identity = parse_token(req.headers.get('X-Auth-Token'))
        if identity is None:
            return faults.error_response(req.environ,
                                         exception.NotAuthenticated())
        user_id, project_id, roles = identity
        req.headers['X-Identity-Status'] = 'Confirmed'
        req.headers['X-User-Id'] = user_id
        req.headers['X-Project-Id'] = project_id
        req.headers['X-Roles'] = ','.join(roles)
        return req.get_response(self.application)


class PublicPaths:
    """Send the version documents past authentication."""

    def __init__(self, authenticated, public):
        self.authenticated = authenticated
        self.public = public

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '') in PUBLIC_PATHS:
            return self.public(environ, start_response)
        return self.authenticated(environ, start_response)
