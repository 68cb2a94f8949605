"""``[api] auth_strategy = keystone``: keystonemiddleware in front of the API.

keystonemiddleware's auth_token talks to a stand-in identity service
(``StandInKeystone``, a small WSGI app on a real HTTP port in a thread) the
way it talks to Keystone: version discovery on ``/v3``, a password
authentication of the service user (``POST /v3/auth/tokens``) whose catalog
names the identity endpoint, then one validation per user token
(``GET /v3/auth/tokens`` with ``X-Subject-Token``). The API is the whole
stack (webtest), configured from a real ``[keystone_authtoken]`` section in
a configuration file, as an operator writes it.
"""

import datetime
import json
import threading
import uuid
import wsgiref.simple_server

from oslo_config import cfg
import pytest
import webtest

from nova_lite.api import app as api_app
from nova_lite.conf import api as conf_api
from nova_lite.conf import base as conf_base
from nova_lite import objects

SERVICE_PASSWORD = 'service-secret'


def _token_body(user, project, roles, catalog):
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = '%Y-%m-%dT%H:%M:%S.000000Z'
    domain = {'id': 'default', 'name': 'Default'}
    body = {
        'methods': ['password'],
        'issued_at': now.strftime(stamp),
        'expires_at': (now + datetime.timedelta(hours=1)).strftime(stamp),
        'user': {'id': user + '-id', 'name': user, 'domain': domain,
                 'password_expires_at': None},
        'project': {'id': project + '-id', 'name': project,
                    'domain': domain},
        'roles': [{'id': role + '-id', 'name': role} for role in roles],
        'audit_ids': [uuid.uuid4().hex[:22]],
    }
    if catalog is not None:
        body['catalog'] = catalog
    return {'token': body}


class StandInKeystone:
    """Just enough of Keystone's v3 API for keystonemiddleware.

    ``tokens`` maps the user tokens it accepts to (user, project, roles);
    ``requests`` records (method, path) of what it was asked.
    """

    def __init__(self):
        self.tokens = {}
        self.requests = []
        self._service_tokens = set()
        self._server = wsgiref.simple_server.make_server(
            '127.0.0.1', 0, self, handler_class=_QuietHandler)
        self.url = 'http://127.0.0.1:%d' % self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def add_user_token(self, user, project, roles):
        token = 'user-' + uuid.uuid4().hex
        self.tokens[token] = (user, project, roles)
        return token

    def _catalog(self):
        endpoints = [{'id': interface, 'interface': interface,
                      'region': 'RegionOne', 'region_id': 'RegionOne',
                      'url': self.url + '/v3'}
                     for interface in ('public', 'internal', 'admin')]
        return [{'id': 'identity', 'type': 'identity', 'name': 'keystone',
                 'endpoints': endpoints}]

    def _version(self):
        return {'id': 'v3.14', 'status': 'stable',
                'updated': '2024-01-01T00:00:00Z',
                'links': [{'rel': 'self', 'href': self.url + '/v3/'}],
                'media-types': [{
                    'base': 'application/json',
                    'type': 'application/vnd.openstack.identity-v3+json'}]}

    def __call__(self, environ, start_response):
        method = environ['REQUEST_METHOD']
        path = environ.get('PATH_INFO', '').rstrip('/')
        self.requests.append((method, path))
        if method == 'GET' and path == '':
            return _reply(start_response, 300,
                          {'versions': {'values': [self._version()]}})
        if method == 'GET' and path == '/v3':
            return _reply(start_response, 200, {'version': self._version()})
        if path == '/v3/auth/tokens' and method == 'POST':
            return self._issue(environ, start_response)
        if path == '/v3/auth/tokens' and method == 'GET':
            return self._validate(environ, start_response)
        return _reply(start_response, 404, _error(404, 'Not Found'))

    def _issue(self, environ, start_response):
        length = int(environ.get('CONTENT_LENGTH') or 0)
        auth = json.loads(environ['wsgi.input'].read(length))['auth']
        user = auth['identity']['password']['user']
        if (user.get('name') != 'nova-lite'
                or user.get('password') != SERVICE_PASSWORD):
            return _reply(start_response, 401, _error(401, 'Unauthorized'))
        token = 'service-' + uuid.uuid4().hex
        self._service_tokens.add(token)
        return _reply(start_response, 201,
                      _token_body('nova-lite', 'service', ['service'],
                                  self._catalog()),
                      [('X-Subject-Token', token)])

    def _validate(self, environ, start_response):
        if environ.get('HTTP_X_AUTH_TOKEN') not in self._service_tokens:
            return _reply(start_response, 401, _error(401, 'Unauthorized'))
        subject = environ.get('HTTP_X_SUBJECT_TOKEN')
        if subject not in self.tokens:
            return _reply(start_response, 404, _error(
                404, 'Could not find token: %s.' % subject))
        user, project, roles = self.tokens[subject]
        return _reply(start_response, 200,
                      _token_body(user, project, roles, self._catalog()),
                      [('X-Subject-Token', subject)])


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _error(code, title):
    return {'error': {'code': code, 'title': title, 'message': title}}


def _reply(start_response, status, body, headers=()):
    data = json.dumps(body).encode()
    reason = {200: 'OK', 201: 'Created', 300: 'Multiple Choices',
              401: 'Unauthorized', 404: 'Not Found'}[status]
    start_response('%d %s' % (status, reason), [
        ('Content-Type', 'application/json'),
        ('Content-Length', str(len(data)))] + list(headers))
    return [data]


@pytest.fixture
def keystone():
    server = StandInKeystone().start()
    yield server
    server.stop()


@pytest.fixture
def api(keystone, conductor, policy_conf, tmp_path):
    """The API stack with auth_token, configured by a config file.

    The stack is built from a ConfigOpts of its own, so that the options
    keystonemiddleware registers (some of them required) stay out of the
    global CONF that other tests parse.
    """
    path = tmp_path / 'nova-lite.conf'
    path.write_text('\n'.join([
        '[api]',
        'auth_strategy = keystone',
        '[keystone_authtoken]',
        'www_authenticate_uri = %s/v3' % keystone.url,
        'auth_type = password',
        'auth_url = %s/v3' % keystone.url,
        'username = nova-lite',
        'password = %s' % SERVICE_PASSWORD,
        'project_name = service',
        'user_domain_name = Default',
        'project_domain_name = Default',
        'region_name = RegionOne',
        'http_connect_timeout = 5',
        '']))
    own = cfg.ConfigOpts()
    conf_api.register_opts(own)
    conf_base.register_opts(own)
    own(['--config-file', str(path)], project='nova-lite',
        default_config_files=[])
    return webtest.TestApp(api_app.setup_app(own))


@pytest.fixture
def seen(monkeypatch):
    """The contexts the flavor list was called with."""
    contexts = []

    def spy(context, *args, **kwargs):
        contexts.append(context)
        return objects.FlavorList(objects=[])

    monkeypatch.setattr(objects.FlavorList, 'get_all', spy)
    return contexts


def test_valid_token_builds_the_context(api, keystone, seen):
    token = keystone.add_user_token('alice', 'p1', ['member', 'reader'])
    response = api.get('/v2.1/flavors', headers={
        'X-Auth-Token': token,
        # Spoofed identity headers are replaced by auth_token's.
        'X-Roles': 'admin', 'X-Project-Id': 'someone-else'})
    assert response.json == {'flavors': []}
    [context] = seen
    assert (context.user_id, context.project_id) == ('alice-id', 'p1-id')
    assert (context.user_name, context.project_name) == ('alice', 'p1')
    assert context.roles == ['member', 'reader']
    assert not context.is_admin
    assert context.auth_token == token
    assert context.request_id == response.headers['x-openstack-request-id']
    assert ('GET', '/v3/auth/tokens') in keystone.requests


def test_admin_role_makes_an_admin_context(api, keystone, seen):
    token = keystone.add_user_token('root', 'admin',
                                    ['admin', 'member', 'reader'])
    api.get('/v2.1/flavors', headers={'X-Auth-Token': token})
    assert seen[-1].is_admin


@pytest.mark.parametrize('token', [None, 'not-a-token'])
def test_invalid_token_is_novas_401(api, keystone, token):
    headers = {'X-Auth-Token': token} if token else {}
    response = api.get('/v2.1/flavors', headers=headers, status=401)
    assert response.json == {'unauthorized': {
        'code': 401,
        'message': 'The request you have made requires authentication.'}}
    # Where to get a token, as Keystone-protected services say.
    assert response.headers['WWW-Authenticate'] == (
        'Keystone uri="%s/v3"' % keystone.url)


@pytest.mark.parametrize('path', ['/', '/v2.1', '/identity/v3',
                                  '/healthcheck'])
def test_public_paths_need_no_token(api, keystone, path):
    api.get(path)
    assert not [r for r in keystone.requests if r[1] == '/v3/auth/tokens']
