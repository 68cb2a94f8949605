"""/servers/{id}/os-instance-actions[/{request_id}] through the whole API
stack, on actions and events recorded by the real objects."""

import datetime

from oslo_utils import timeutils
import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from tests import api_schemas
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers
from tests.unit.api.test_server_actions import READER
from tests.unit.api.test_server_actions import UUID
from tests.unit.api.test_server_actions import make_server
from tests.unit.api.test_server_actions import message

URL = '/v2.1/servers/%s/os-instance-actions' % UUID
HOST_ID = None


def record(action, events=(), failed=None):
    """Record ``action`` of a new request with ``events`` (names), the one
    named ``failed`` with an error; return the request id."""
    ctx = nl_context.RequestContext(user_id='alice', project_id='p1')
    objects.InstanceAction.action_start(ctx, UUID, action)
    for name in events:
        objects.InstanceActionEvent.event_start(ctx, UUID, name,
                                                host='host1')
        if name == failed:
            objects.InstanceActionEvent.event_finish_with_failure(
                ctx, UUID, name, exc_val='boom', exc_tb='Traceback: boom')
        else:
            objects.InstanceActionEvent.event_finish(ctx, UUID, name)
    objects.InstanceAction.action_finish(ctx, UUID)
    return ctx.request_id


@pytest.fixture
def history(api):
    make_server()
    return [record('create', ['compute_build_and_run_instance']),
            record('stop', ['compute_stop_instance'],
                   failed='compute_stop_instance'),
            record('start', ['compute_start_instance'])]


def _list(api, token=MEMBER, version=None, query='', status=200):
    return api.get(URL + query, headers=headers(token, version),
                   status=status)


@pytest.mark.parametrize('version', ['2.1', '2.58', '2.73'])
def test_list_newest_first(api, history, version):
    body = _list(api, version=version).json
    api_schemas.validate('instance_actions.index', version, body)
    actions = body['instanceActions']
    assert [a['request_id'] for a in actions] == history[::-1]
    assert [a['action'] for a in actions] == ['start', 'stop', 'create']
    assert actions[1]['message'] == 'Error' and actions[0]['message'] is None
    assert ('updated_at' in actions[0]) == (version != '2.1')
    assert 'links' not in body


def test_list_paging_from_2_58(api, history):
    body = _list(api, version='2.58', query='?limit=2').json
    api_schemas.validate('instance_actions.index', '2.58', body)
    assert [a['request_id'] for a in body['instanceActions']] == (
        history[:0:-1])
    (link,) = body['links']
    assert link['rel'] == 'next' and link['href'].startswith(
        'http://localhost/v2.1/servers/%s/os-instance-actions?' % UUID)
    assert 'marker=%s' % history[1] in link['href']
    body = _list(api, version='2.58',
                 query='?limit=2&marker=%s' % history[1]).json
    assert [a['request_id'] for a in body['instanceActions']] == [history[0]]
    assert 'links' not in body
    # Before 2.58 the query is ignored: every action.
    body = _list(api, version='2.57', query='?limit=1').json
    assert len(body['instanceActions']) == 3


def test_list_bad_queries(api, history):
    response = _list(api, version='2.58', query='?marker=req-nope',
                     status=400)
    assert message(response, 400) == 'Marker req-nope could not be found.'
    _list(api, version='2.58', query='?limit=-1', status=400)
    _list(api, version='2.58', query='?changes-since=yesterday', status=400)
    _list(api, version='2.58', query='?foo=1', status=400)
    # changes-before is 2.66's.
    _list(api, version='2.65', query='?changes-before=2020-01-01T00:00:00Z',
          status=400)
    response = _list(api, version='2.66',
                     query='?changes-since=2020-01-02T00:00:00Z'
                           '&changes-before=2020-01-01T00:00:00Z',
                     status=400)
    assert 'changes-since must be less than or equal' in message(response,
                                                                 400)


def test_list_changes_since_and_before(api, history):
    future = (timeutils.utcnow() + datetime.timedelta(hours=1)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')
    past = '2000-01-01T00:00:00Z'
    assert _list(api, version='2.58', query='?changes-since=' + future
                 ).json['instanceActions'] == []
    assert len(_list(api, version='2.58', query='?changes-since=' + past
                     ).json['instanceActions']) == 3
    assert _list(api, version='2.66', query='?changes-before=' + past
                 ).json['instanceActions'] == []
    assert len(_list(api, version='2.66', query='?changes-before=' + future
                     ).json['instanceActions']) == 3


def test_list_scope_and_policy(api, history):
    _list(api, token=OTHER, status=404)
    _list(api, token=READER)
    _list(api, token=ADMIN)
    response = _list(api, token='nobody:p1:guest', status=403)
    assert 'os-instance-actions:list' in message(response, 403)


def _show(api, request_id, token=MEMBER, version=None, status=200):
    return api.get('%s/%s' % (URL, request_id),
                   headers=headers(token, version), status=status)


@pytest.mark.parametrize('version', ['2.1', '2.50', '2.51', '2.58', '2.62',
                                     '2.73'])
@pytest.mark.parametrize('token,admin', [(MEMBER, False), (ADMIN, True)])
def test_show_events_by_version_and_role(api, history, version, token,
                                         admin):
    body = _show(api, history[1], token, version).json
    api_schemas.validate('instance_actions.show', version, body, admin=admin)
    action = body['instanceAction']
    assert action['action'] == 'stop' and action['request_id'] == history[1]
    minor = int(version.split('.')[1])
    if not admin and minor < 51:
        assert 'events' not in action
        return
    (event,) = action['events']
    assert event['event'] == 'compute_stop_instance'
    assert event['result'] == 'Error' and event['finish_time']
    assert ('traceback' in event) == admin
    if admin:
        assert event['traceback'] == 'Traceback: boom'
    assert ('hostId' in event) == (minor >= 62)
    assert ('host' in event) == (admin and minor >= 62)
    if minor >= 62:
        import hashlib
        assert event['hostId'] == hashlib.sha224(b'p1host1').hexdigest()


def test_show_unknown_request_is_404(api, history):
    response = _show(api, 'req-unknown', status=404)
    assert message(response, 404) == 'Action req-unknown not found'
    _show(api, history[0], token=OTHER, status=404)


def test_history_of_a_deleted_server_from_2_21(api, history):
    ctx = nl_context.get_admin_context()
    objects.Instance.get_by_uuid(ctx, UUID).destroy()
    _list(api, version='2.20', status=404)
    body = _list(api, version='2.21').json
    assert len(body['instanceActions']) == 3
    _show(api, history[0], version='2.21')
