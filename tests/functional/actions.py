"""Helpers of the server action tests (test_server_actions,
test_server_metadata, test_instance_actions, test_action_races).

A module boots one server and shares it between its tests (the ``cloud``
fixture deletes every server after each test, so these modules use the
session's ``api_cloud`` through :func:`module_server` instead); each test
leaves the server ACTIVE, unlocked and without a task.
"""

import time

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional import sdk

DEMO_TOKEN = sdk.token(*cloud_mod.DEMO)
ADMIN_TOKEN = sdk.token(*cloud_mod.ADMIN)
OTHER_TOKEN = sdk.token(*cloud_mod.OTHER)
READER_TOKEN = sdk.token('rita', 'demo', ['reader'])
LATEST = '2.73'


def module_server(api_cloud, name):
    """Boot an ACTIVE server of demo's on a clean cloud; return it."""
    api_cloud.ensure_healthy()
    api_cloud.delete_all()
    return api_cloud.boot_active(name=name)


def action(cloud, server_id, body, token=DEMO_TOKEN, version=LATEST):
    """POST /servers/{id}/action, raw: the requests Response."""
    return cloud.request('POST', '/v2.1/servers/%s/action' % server_id,
                         token=token, version=version, json=body)


def show(cloud, server_id, token=ADMIN_TOKEN, version=LATEST, admin=None):
    """GET /servers/{id} (checked against its schema): the server dict."""
    resp = cloud.request('GET', '/v2.1/servers/%s' % server_id,
                         token=token, version=version)
    assert resp.status_code == 200, resp.text
    return cloud_mod.validate('servers.show', version, resp.json(),
                              admin=admin)['server']


def wait_settled(cloud, server_id, status=None, timeout=60.0):
    """Poll until the server has no task (and shows ``status``)."""
    found = {}

    def settled():
        server = show(cloud, server_id)
        found['server'] = server
        return server['OS-EXT-STS:task_state'] is None and (
            status is None or server['status'] == status)
    fixtures.wait_for(settled, 'server %s to settle%s' % (
        server_id, ' in %s' % status if status else ''), timeout=timeout,
        interval=0.1, diagnostics=cloud.diagnostics)
    return found['server']


def actions(cloud, server_id, token=ADMIN_TOKEN, version=LATEST):
    """The server's instance actions, newest first (one page of 1000)."""
    resp = cloud.request(
        'GET', '/v2.1/servers/%s/os-instance-actions?limit=1000' % server_id,
        token=token, version=version)
    assert resp.status_code == 200, resp.text
    return cloud_mod.validate('instance_actions.index', version,
                              resp.json())['instanceActions']


def action_detail(cloud, server_id, request_id, token=ADMIN_TOKEN,
                  version=LATEST, admin=True):
    resp = cloud.request('GET', '/v2.1/servers/%s/os-instance-actions/%s'
                         % (server_id, request_id), token=token,
                         version=version)
    assert resp.status_code == 200, resp.text
    return cloud_mod.validate('instance_actions.show', version, resp.json(),
                              admin=admin)['instanceAction']


def wait_events_done(cloud, server_id, request_id, count=1, timeout=30.0):
    """The action of ``request_id`` once ``count`` events finished."""
    found = {}

    def done():
        detail = action_detail(cloud, server_id, request_id)
        found['action'] = detail
        finished = [e for e in detail['events'] if e['finish_time']]
        return len(finished) >= count
    fixtures.wait_for(done, 'events of %s' % request_id, timeout=timeout,
                      interval=0.1, diagnostics=cloud.diagnostics)
    return found['action']


def elapsed(started):
    return round(time.monotonic() - started, 2)
