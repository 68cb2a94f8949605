"""Response schemas of server actions, server metadata, PUT /servers/{id}
and os-instance-actions.

* ``servers.update``: before 2.75 Nova answers an update with a shorter
  server than show's: no availability zone, config drive, key name, usage
  times, extended status, volumes nor administrators' attributes, and
  addresses without their OS-EXT-IPS keys.
* ``servers.console_output``: ``{"output": "..."}`` (200).
* ``server_metadata.index`` / ``server_metadata.show``:
  ``{"metadata": {...}}`` / ``{"meta": {key: value}}``.
* ``instance_actions.index`` / ``instance_actions.show``: 2.51 events in
  every shown action, 2.58 ``updated_at`` and list ``links``, 2.62 the
  events' ``hostId`` (and ``host`` for administrators); ``traceback`` is
  for administrators. ``admin=True`` requires the administrators' event
  keys, ``admin=False`` forbids them.
"""

import copy

from tests.api_schemas import servers
from tests.api_schemas import types

_NOT_IN_UPDATE = (
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state',
    'os-extended-volumes:volumes_attached', 'security_groups')

# Database times: "2018-04-25T01:26:29.000000".
_TIME = dict(types.USAGE_TIME, type='string')
_NULLABLE_TIME = types.USAGE_TIME


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


def _obj(properties, required):
    return {'type': 'object', 'properties': properties,
            'required': sorted(required), 'additionalProperties': False}


def update(version, admin=None):
    body = servers.show(version, admin=False)
    server = body['properties']['server']
    for key in _NOT_IN_UPDATE:
        server['properties'].pop(key, None)
    server['required'] = [k for k in server['required']
                          if k in server['properties']]
    server['properties']['addresses'] = copy.deepcopy(types.ADDRESSES)
    for address in server['properties']['addresses'][
            'patternProperties'].values():
        address['items']['properties'] = {
            key: value for key, value in address['items'][
                'properties'].items() if not key.startswith('OS-EXT-IPS')}
    return body


def console_output(version, admin=None):
    return _obj({'output': {'type': 'string'}}, ['output'])


_STRINGS = {'type': 'object', 'additionalProperties': {'type': 'string'},
            'propertyNames': {'pattern': '^[a-zA-Z0-9-_:. ]{1,255}$'}}


def metadata_index(version, admin=None):
    return _obj({'metadata': _STRINGS}, ['metadata'])


def metadata_show(version, admin=None):
    return _obj({'meta': dict(_STRINGS, minProperties=1, maxProperties=1)},
                ['meta'])


def _action(version):
    props = {
        'action': {'type': 'string', 'minLength': 1},
        'instance_uuid': types.UUID,
        'request_id': {'type': 'string', 'pattern': '^req-'},
        'user_id': types.NULLABLE_STRING,
        'project_id': types.NULLABLE_STRING,
        'start_time': _TIME,
        'message': {'enum': [None, 'Error']},
    }
    if _at_least(version, '2.58'):
        props['updated_at'] = _NULLABLE_TIME
    return props


def _event(version, admin):
    props = {
        'event': {'type': 'string', 'minLength': 1},
        'start_time': _TIME,
        'finish_time': _NULLABLE_TIME,
        'result': {'enum': [None, 'Success', 'Error']},
    }
    required = list(props)
    if _at_least(version, '2.62'):
        props['hostId'] = types.HOST_ID
        required.append('hostId')
    extra = {'traceback': types.NULLABLE_STRING}
    if _at_least(version, '2.62'):
        extra['host'] = {'type': 'string'}
    if admin is not False:
        props.update(extra)
    if admin:
        required.extend(extra)
    return _obj(props, required)


def instance_actions_index(version, admin=None):
    props = {'instanceActions': {
        'type': 'array', 'items': _obj(_action(version),
                                       list(_action(version)))}}
    if _at_least(version, '2.58'):
        props['links'] = types.COLLECTION_LINKS
    return _obj(props, ['instanceActions'])


def instance_actions_show(version, admin=None):
    props = _action(version)
    required = list(props)
    props['events'] = {'type': 'array', 'items': _event(version, admin)}
    if _at_least(version, '2.51') or admin:
        required.append('events')
    return _obj({'instanceAction': _obj(props, required)},
                ['instanceAction'])
