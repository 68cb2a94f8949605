"""Views of os-instance-actions: a server's recorded actions and events.

Times are the database's, naive UTC with microseconds
("2018-04-25T01:26:29.000000"), as Nova answers them.
"""

import hashlib

from nova_lite.api import common

# Nova's fields of an action; 2.58 adds updated_at.
ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
               'project_id', 'start_time', 'message')
ACTION_KEYS_V258 = ACTION_KEYS + ('updated_at',)
EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result')


def db_time(value):
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec='microseconds')


def host_id(project_id, host):
    """sha224 of project id + host ("" without a host), as servers'."""
    if not host:
        return ''
    return hashlib.sha224(
        ('%s%s' % (project_id, host)).encode('utf-8')).hexdigest()


def _value(obj, key):
    value = getattr(obj, key) if obj.obj_attr_is_set(key) else None
    if key.endswith(('_time', '_at')):
        return db_time(value)
    return value


def action(request, action_obj):
    keys = (ACTION_KEYS_V258 if request.api_version.matches('2.58')
            else ACTION_KEYS)
    return {key: _value(action_obj, key) for key in keys}


def event(event_obj, project_id, traceback=False, host=False,
          hostid=False):
    """One event: ``traceback`` and ``host`` for who may see them,
    ``hostId`` (2.62) for everyone."""
    view = {key: _value(event_obj, key) for key in EVENT_KEYS}
    if traceback:
        view['traceback'] = _value(event_obj, 'traceback')
    event_host = _value(event_obj, 'host') or ''
    if host:
        view['host'] = event_host
    if hostid:
        view['hostId'] = host_id(project_id, event_host)
    return view


def index(request, server_id, actions, limit):
    """The body of GET /servers/{id}/os-instance-actions."""
    items = [action(request, a) for a in actions]
    body = {'instanceActions': items}
    if request.api_version.matches('2.58'):
        links = common.collection_links(
            request, items, 'servers/%s/os-instance-actions' % server_id,
            limit, id_key='request_id')
        if links:
            body['links'] = links
    return body


def show(request, action_obj, project_id, events=None, **event_options):
    """The body of GET /servers/{id}/os-instance-actions/{request_id};
    ``events`` None leaves them out (before 2.51, for non-admins);
    ``project_id``: the server's, for the events' hostId."""
    view = action(request, action_obj)
    if events is not None:
        view['events'] = [event(e, project_id, **event_options)
                          for e in events]
    return {'instanceAction': view}
