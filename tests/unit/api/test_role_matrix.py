"""Who may call what: every route and action, for five callers.

The callers (noauth2 tokens, see ``api/middleware/auth.py``):

* ``admin``  an administrator (of another project, as Nova's admins are);
* ``member`` alice, member of p1, which owns the server and the group;
* ``reader`` rita, reader of p1;
* ``other``  bob, member of p2;
* ``none``   nora, of p1 with a role Nova's policies never name (Keystone
  does not scope a token to a project without a role: this is the
  closest token to "no roles").

Another project's server is a 404; another project's server group is a
403, as in Nova (it loads the group, then checks the policy against the
group's project).

``MATRIX`` gives, per route key (``tests/api_routes.py``) or action key,
the status each caller gets, per Nova's default policies: a reader may
GET its project's resources, a member may write them, an admin anything;
another project's server or group is a 404 (never a 403); no role is a
403. A valid request is sent (``REQUESTS``) on a fresh small cloud
(``access_fakes``); an allowed write that the resource's state refuses is
Nova's 409, which still shows the caller got past the policy. A route the
walker finds without a row fails ``test_the_matrix_covers_every_route``.
"""

from unittest import mock

import pytest

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.conductor import rpcapi as conductor_rpcapi
from tests import api_routes
from tests.unit.api import access_fakes
from tests.unit.api.conftest import headers

CALLERS = ('admin', 'member', 'reader', 'other', 'none')
TOKENS = {'admin': 'admin:admin-project', 'member': 'alice:p1',
          'reader': 'rita:p1:reader', 'other': 'bob:p2',
          'none': 'nora:p1:no-nova-role'}

# Rows used by many routes: (admin, member, reader, other, none).
ANYONE = (200,) * 5
ADMIN_ONLY = (200, 403, 403, 403, 403)
READERS = (200, 200, 200, 200, 403)      # of their own project's list
PROJECT_READ = (200, 200, 200, 404, 403)  # p1's server or group
PROJECT_WRITE = (200, 200, 403, 404, 403)
ACTION_202 = (202, 202, 403, 404, 403)
ACTION_409 = (409, 409, 403, 404, 403)   # allowed, but not in this state
ADMIN_ACTION = (202, 403, 403, 404, 403)

MATRIX = {
    'GET /': ANYONE,
    'GET /identity': (300,) * 5,
    'GET /identity/v3': ANYONE,
    'POST /identity/v3/auth/tokens': (201,) * 5,
    # The shim's project lookups: for any authenticated caller.
    'GET /identity/v3/projects': ANYONE,
    'GET /identity/v3/projects/{project_id}': ANYONE,
    'GET /image': (300,) * 5,
    'GET /image/versions': ANYONE,
    'GET /image/v2/images': ANYONE,
    'GET /image/v2/images/{image_id}': ANYONE,
    'GET /v2.1': ANYONE,
    'GET /v2.1/flavors': ANYONE,
    'GET /v2.1/flavors/detail': ANYONE,
    'GET /v2.1/flavors/{flavor_id}': ANYONE,
    'POST /v2.1/flavors': ADMIN_ONLY,
    'PUT /v2.1/flavors/{flavor_id}': ADMIN_ONLY,
    'DELETE /v2.1/flavors/{flavor_id}': (202, 403, 403, 403, 403),
    'POST /v2.1/flavors/{flavor_id}/action action:addTenantAccess':
        ADMIN_ONLY,
    'POST /v2.1/flavors/{flavor_id}/action action:removeTenantAccess':
        ADMIN_ONLY,
    'GET /v2.1/flavors/{flavor_id}/os-flavor-access': ADMIN_ONLY,
    'GET /v2.1/flavors/{flavor_id}/os-extra_specs': READERS,
    'GET /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': READERS,
    'POST /v2.1/flavors/{flavor_id}/os-extra_specs': ADMIN_ONLY,
    'PUT /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': ADMIN_ONLY,
    'DELETE /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': ADMIN_ONLY,
    'GET /v2.1/limits': ANYONE,
    'GET /v2.1/os-aggregates': ADMIN_ONLY,
    'GET /v2.1/os-availability-zone': ANYONE,
    'GET /v2.1/os-availability-zone/detail': ADMIN_ONLY,
    'GET /v2.1/os-hypervisors': ADMIN_ONLY,
    'GET /v2.1/os-hypervisors/detail': ADMIN_ONLY,
    'GET /v2.1/os-hypervisors/statistics': ADMIN_ONLY,
    'GET /v2.1/os-hypervisors/{hypervisor_id}': ADMIN_ONLY,
    # The drivers keep no uptime: 501 once past the policy.
    'GET /v2.1/os-hypervisors/{hypervisor_id}/uptime':
        (501, 403, 403, 403, 403),
    'GET /v2.1/os-hypervisors/{pattern}/search': ADMIN_ONLY,
    'GET /v2.1/os-hypervisors/{pattern}/servers': ADMIN_ONLY,
    # Key pairs are the user's own (admin or owner), whatever the roles.
    'GET /v2.1/os-keypairs': ANYONE,
    'POST /v2.1/os-keypairs': ANYONE,
    'GET /v2.1/os-keypairs/{name}': ANYONE,
    'DELETE /v2.1/os-keypairs/{name}': (202,) * 5,
    'GET /v2.1/os-quota-sets/{project_id}': (200, 200, 200, 403, 403),
    'GET /v2.1/os-quota-sets/{project_id}/detail':
        (200, 200, 200, 403, 403),
    'GET /v2.1/os-quota-sets/{project_id}/defaults': ANYONE,
    'PUT /v2.1/os-quota-sets/{project_id}': ADMIN_ONLY,
    'DELETE /v2.1/os-quota-sets/{project_id}': (202, 403, 403, 403, 403),
    'GET /v2.1/os-server-groups': READERS,
    'POST /v2.1/os-server-groups': (200, 200, 403, 200, 403),
    'GET /v2.1/os-server-groups/{group_id}': (200, 200, 200, 403, 403),
    'DELETE /v2.1/os-server-groups/{group_id}': (204, 204, 403, 403, 403),
    'GET /v2.1/os-services': ADMIN_ONLY,
    'PUT /v2.1/os-services/{service_id}': ADMIN_ONLY,
    'DELETE /v2.1/os-services/{service_id}': (204, 403, 403, 403, 403),
    'GET /v2.1/servers': READERS,
    'GET /v2.1/servers/detail': READERS,
    'POST /v2.1/servers': (202, 202, 403, 202, 403),
    'GET /v2.1/servers/{server_id}': PROJECT_READ,
    'PUT /v2.1/servers/{server_id}': PROJECT_WRITE,
    'DELETE /v2.1/servers/{server_id}': (204, 204, 403, 404, 403),
    'GET /v2.1/servers/{server_id}/metadata': PROJECT_READ,
    'POST /v2.1/servers/{server_id}/metadata': PROJECT_WRITE,
    'PUT /v2.1/servers/{server_id}/metadata': PROJECT_WRITE,
    'GET /v2.1/servers/{server_id}/metadata/{key}': PROJECT_READ,
    'PUT /v2.1/servers/{server_id}/metadata/{key}': PROJECT_WRITE,
    'DELETE /v2.1/servers/{server_id}/metadata/{key}':
        (204, 204, 403, 404, 403),
    'GET /v2.1/servers/{server_id}/os-instance-actions': PROJECT_READ,
    'GET /v2.1/servers/{server_id}/os-instance-actions/{request_id}':
        PROJECT_READ,
    'POST /v2.1/servers/{server_id}/action action:reboot': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:os-stop': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:os-start': ACTION_409,
    'POST /v2.1/servers/{server_id}/action action:pause': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:unpause': ACTION_409,
    'POST /v2.1/servers/{server_id}/action action:suspend': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:resume': ACTION_409,
    'POST /v2.1/servers/{server_id}/action action:lock': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:unlock': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:os-getConsoleOutput':
        (200, 200, 403, 404, 403),
    'POST /v2.1/servers/{server_id}/action action:os-resetState':
        ADMIN_ACTION,
    'POST /v2.1/servers/{server_id}/action action:resize': ACTION_202,
    'POST /v2.1/servers/{server_id}/action action:confirmResize':
        ACTION_409,
    'POST /v2.1/servers/{server_id}/action action:revertResize':
        ACTION_409,
}

_IMAGE = access_fakes.IMAGE_ID

# Route or action key -> (microversion, body) of a valid request; the
# others are bodiless GET/DELETE at 2.1.
REQUESTS = {
    'POST /identity/v3/auth/tokens': (None, {'auth': {'identity': {
        'methods': ['token'], 'token': {'id': 'alice:p1'}}}}),
    'POST /v2.1/flavors': (None, {'flavor': {
        'name': 'new', 'ram': 512, 'vcpus': 1, 'disk': 1}}),
    'PUT /v2.1/flavors/{flavor_id}': ('2.55', {'flavor': {
        'description': 'small'}}),
    'POST /v2.1/flavors/{flavor_id}/action action:addTenantAccess':
        (None, {'addTenantAccess': {'tenant': 'p3'}}),
    'POST /v2.1/flavors/{flavor_id}/action action:removeTenantAccess':
        (None, {'removeTenantAccess': {'tenant': 'p1'}}),
    'POST /v2.1/flavors/{flavor_id}/os-extra_specs': (None, {
        'extra_specs': {'hw:numa_nodes': '1'}}),
    'PUT /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': (None, {
        'hw:cpu_policy': 'dedicated'}),
    'POST /v2.1/os-keypairs': (None, {'keypair': {'name': 'kp-new'}}),
    'PUT /v2.1/os-quota-sets/{project_id}': (None, {'quota_set': {
        'instances': 20}}),
    'POST /v2.1/os-server-groups': (None, {'server_group': {
        'name': 'g2', 'policies': ['anti-affinity']}}),
    'PUT /v2.1/os-services/{service_id}': (None, {
        'host': 'host1', 'binary': 'nova-lite-compute'}),
    'POST /v2.1/servers': (None, {'server': {
        'name': 'new', 'imageRef': _IMAGE, 'flavorRef': '1'}}),
    'PUT /v2.1/servers/{server_id}': (None, {'server': {'name': 'renamed'}}),
    'POST /v2.1/servers/{server_id}/metadata': (None, {
        'metadata': {'size': 'big'}}),
    'PUT /v2.1/servers/{server_id}/metadata': (None, {
        'metadata': {'size': 'small'}}),
    'PUT /v2.1/servers/{server_id}/metadata/{key}': (None, {
        'meta': {'color': 'red'}}),
}

_ACTION_BODIES = {
    'reboot': {'type': 'SOFT'}, 'os-getConsoleOutput': {'length': 10},
    'os-resetState': {'state': 'active'}, 'resize': {'flavorRef': 'big'},
}


def _request(key):
    if key in REQUESTS:
        return REQUESTS[key]
    if ' action:' in key:
        name = key.rsplit('action:', 1)[1]
        return None, {name: _ACTION_BODIES.get(name)}
    return None, None


def _keys():
    keys = [api_routes.route_key(r) for r in api_routes.routes()
            if not api_routes.is_action_route(r)]
    return keys + [api_routes.action_key(a) for a in api_routes.actions()]


def test_the_matrix_covers_every_route():
    missing = sorted(set(_keys()) - set(MATRIX))
    assert not missing, 'routes without a row in MATRIX:\n' + '\n'.join(
        missing)
    unknown = sorted(set(MATRIX) - set(_keys()))
    assert not unknown, 'rows of routes that do not exist: %s' % unknown


@pytest.fixture
def casts(monkeypatch):
    """Every cast and call to a compute or the conductor's tasks is a
    mock (a console is a string)."""
    for cls in (compute_rpcapi.ComputeAPI, conductor_rpcapi.ComputeTaskAPI):
        for name in dir(cls):
            if not name.startswith('_') and callable(getattr(cls, name)):
                monkeypatch.setattr(cls, name, mock.MagicMock(
                    return_value='console output'))


def _path(cloud, key, method, version):
    template = key.split(' ')[1]
    if '/os-flavor-access' in template or template.endswith(
            '{flavor_id}/action'):
        template = template.replace('{flavor_id}', cloud.ids['priv_id'])
    if method == 'DELETE' and template.startswith('/v2.1/os-services/'):
        return '/v2.1/os-services/%s' % cloud.ids['service_int_id']
    return cloud.path(template, version or '2.1')


def _call(api, cloud, key, caller):
    method = key.split(' ')[0]
    version, body = _request(key)
    path = _path(cloud, key, method, version)
    kwargs = dict(headers=headers(TOKENS[caller], version),
                  expect_errors=True)
    if method in ('POST', 'PUT'):
        call = api.post_json if method == 'POST' else api.put_json
        return call(path, body, **kwargs)
    return getattr(api, method.lower())(path, **kwargs)


@pytest.mark.parametrize('key', sorted(MATRIX))
def test_role_matrix(api, conductor, casts, key):
    """Each caller gets its expected status (a fresh cloud after any
    caller's successful write, so every caller meets the same state)."""
    method = key.split(' ')[0]
    results = {}
    cloud = access_fakes.build()
    for caller, expected in zip(CALLERS, MATRIX[key]):
        response = _call(api, cloud, key, caller)
        results[caller] = (response.status_int, expected,
                           response.text[:300])
        if method != 'GET' and response.status_int < 300:
            cloud = access_fakes.build(suffix=caller)
    wrong = {caller: result for caller, result in results.items()
             if result[0] != result[1]}
    assert not wrong, '%s: %s' % (key, wrong)
