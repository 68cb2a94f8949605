"""Query and response schemas of /servers/{id}/os-instance-actions.

* 2.51 ``events`` are always part of an action shown (their
  ``traceback`` only to administrators);
* 2.58 list paging (``limit``, ``marker``: a request id) and
  ``changes-since``; actions show ``updated_at``; the list has ``links``;
* 2.62 events show ``hostId`` (and ``host`` to administrators);
* 2.66 ``changes-before``.

Response schemas are JSON Schema 2020-12.
"""

import copy

from nova_lite.api.schemas import response_types as types
from nova_lite.api import validation
from nova_lite.api.validation import parameter_types

# --- queries -------------------------------------------------------------

# Before 2.58 Nova reads no query parameter (anything is ignored).
index_query = parameter_types.any_query


def _one(schema):
    """A query parameter given at most once (values arrive as lists)."""
    return {'type': 'array', 'maxItems': 1, 'items': schema}


_TIME_PARAM = _one({'type': 'string', 'format': 'date-time'})

index_query_v258 = {
    'type': 'object',
    'properties': {
        'limit': _one({'type': 'string', 'pattern': '^[0-9]+$'}),
        'marker': _one({'type': 'string'}),
        'changes-since': _TIME_PARAM,
    },
    'additionalProperties': False,
}

index_query_v266 = copy.deepcopy(index_query_v258)
index_query_v266['properties']['changes-before'] = _TIME_PARAM

show_query = parameter_types.any_query

# --- responses -----------------------------------------------------------

_TIME = types.DB_TIME
_ID = {'type': ['string', 'null'], 'maxLength': 255}

_ACTION = {
    'action': types.STRING,
    'instance_uuid': types.UUID,
    'request_id': types.STRING,
    'user_id': _ID,
    'project_id': _ID,
    'start_time': dict(_TIME, type='string'),
    'message': types.NULLABLE_STRING,
}
_EVENT = {
    'event': types.STRING,
    'start_time': dict(_TIME, type='string'),
    'finish_time': _TIME,
    'result': types.NULLABLE_STRING,
}


def _action(version):
    properties = dict(_ACTION)
    if types.at_least(version, '2.58'):
        properties['updated_at'] = _TIME
    return properties


def _event(version):
    properties = dict(_EVENT, traceback=types.NULLABLE_STRING)
    required = list(_EVENT)
    if types.at_least(version, '2.62'):
        properties.update(hostId=types.STRING, host=types.STRING)
        required.append('hostId')
    return types.obj(properties, required=required)


def _index(version):
    others = {}
    if types.at_least(version, '2.58'):
        others['links'] = types.COLLECTION_LINKS
    return types.wrapped('instanceActions', {
        'type': 'array', 'items': types.obj(_action(version))}, **others)


def _show(version):
    properties = _action(version)
    required = list(properties)
    properties['events'] = {'type': 'array', 'items': _event(version)}
    if types.at_least(version, '2.51'):
        required.append('events')
    return types.wrapped('instanceAction',
                         types.obj(properties, required=required))


index_response = validation.by_version(_index, ['2.1', '2.58'])
show_response = validation.by_version(_show, ['2.1', '2.51', '2.58', '2.62'])
