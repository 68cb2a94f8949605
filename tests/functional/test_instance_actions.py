"""os-instance-actions over the real processes: the history of a server
as openstacksdk, raw requests at each microversion and the CLI see it."""

import hashlib

import pytest

from tests.functional import actions as helpers
from tests.functional import cloud as cloud_mod

pytestmark = cloud_mod.ONE_BACKEND


@pytest.fixture(scope='module')
def history(api_cloud):
    """A server with the history create, stop, start; its request ids."""
    server = helpers.module_server(api_cloud, 'history')
    conn = api_cloud.demo
    conn.compute.stop_server(server)
    helpers.wait_settled(api_cloud, server.id, 'SHUTOFF')
    conn.compute.start_server(server)
    helpers.wait_settled(api_cloud, server.id, 'ACTIVE')
    found = helpers.actions(api_cloud, server.id)
    assert [a['action'] for a in found] == ['start', 'stop', 'create'], found
    for item in found:
        helpers.wait_events_done(api_cloud, server.id, item['request_id'])
    yield server, [a['request_id'] for a in found]
    api_cloud.delete_all()


def test_list_and_show_with_the_sdk(api_cloud, history):
    server, request_ids = history
    conn = api_cloud.demo
    listed = list(conn.compute.server_actions(server))
    assert [a.action for a in listed] == ['start', 'stop', 'create']
    assert [a.request_id for a in listed] == request_ids
    stop = conn.compute.get_server_action(request_ids[1], server)
    assert stop.action == 'stop' and stop.user_id == 'demo'
    (event,) = stop.events
    assert event['event'] == 'compute_stop_instance'
    assert event['result'] == 'Success' and event['finish_time']


@pytest.mark.parametrize('version', ['2.1', '2.51', '2.58', '2.62', '2.73'])
def test_events_by_role_and_version(api_cloud, history, version):
    server, request_ids = history
    host = api_cloud.host_of(server.id)
    minor = int(version.split('.')[1])
    for token, admin in ((helpers.DEMO_TOKEN, False),
                         (helpers.ADMIN_TOKEN, True)):
        shown = helpers.action_detail(api_cloud, server.id, request_ids[1],
                                      token=token, version=version,
                                      admin=admin)
        if not admin and minor < 51:
            assert 'events' not in shown
            continue
        (event,) = shown['events']
        assert ('traceback' in event) == admin
        if minor >= 62:
            assert event['hostId'] == hashlib.sha224(
                ('demo' + host).encode()).hexdigest()
            assert event.get('host') == (host if admin else None)
        assert ('updated_at' in shown) == (minor >= 58)


def test_paging_and_changes_since(api_cloud, history):
    server, request_ids = history
    url = '/v2.1/servers/%s/os-instance-actions' % server.id
    resp = api_cloud.request('GET', url + '?limit=2', version='2.58')
    body = cloud_mod.validate('instance_actions.index', '2.58', resp.json())
    assert [a['request_id'] for a in body['instanceActions']] == (
        request_ids[:2])
    (link,) = body['links']
    resp = api_cloud.request('GET', link['href'].split(api_cloud.url)[1],
                             version='2.58')
    assert [a['request_id'] for a in resp.json()['instanceActions']] == (
        request_ids[2:])
    # (MariaDB keeps whole seconds: times far from now, not the actions'.)
    for query, version, expected in (
            ('?changes-since=2000-01-01T00:00:00Z', '2.58', request_ids),
            ('?changes-since=2999-01-01T00:00:00Z', '2.58', []),
            ('?changes-before=2000-01-01T00:00:00Z', '2.66', []),
            ('?changes-before=2999-01-01T00:00:00Z', '2.73', request_ids)):
        resp = api_cloud.request('GET', url + query, version=version)
        assert [a['request_id'] for a in resp.json()[
            'instanceActions']] == expected, (query, resp.text)
    resp = api_cloud.request('GET', url + '?marker=req-nope',
                             version='2.58')
    cloud_mod.assert_fault(resp, 400, 'Marker req-nope could not be found.')
    resp = api_cloud.request('GET', url + '?changes-before=2000-01-01',
                             version='2.65')
    cloud_mod.assert_fault(resp, 400)


def test_access(api_cloud, history):
    server, request_ids = history
    url = '/v2.1/servers/%s/os-instance-actions' % server.id
    resp = api_cloud.request('GET', url, token=helpers.OTHER_TOKEN)
    cloud_mod.assert_fault(resp, 404)
    resp = api_cloud.request('GET', url, token=helpers.READER_TOKEN)
    assert resp.status_code == 200, resp.text
    resp = api_cloud.request('GET', url + '/req-unknown')
    assert cloud_mod.assert_fault(resp, 404) == 'Action req-unknown not found'


def test_cli_event_list_and_show(api_cloud, history, tmp_path):
    from tests.functional import test_cli
    server, request_ids = history
    cli = test_cli.CLI(tmp_path / 'clouds.yaml', api_cloud.diagnostics)
    cli.clouds_path.write_text(test_cli.CLOUDS_YAML.format(url=api_cloud.url))
    events = cli.json('server', 'event', 'list', server.id, cloud='nl-demo')
    assert [e['Request ID'] for e in events] == request_ids, events
    shown = cli.json('server', 'event', 'show', server.id, request_ids[1],
                     cloud='nl-demo')
    assert shown['action'] == 'stop', shown
