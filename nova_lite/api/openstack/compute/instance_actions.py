"""/servers/{server_id}/os-instance-actions[/{request_id}]: the history of
a server, one recorded action per request, with the events the services
recorded while carrying it out.

As Nova: from 2.21 the history of a deleted server can still be read;
from 2.58 the list is paged (``limit``, ``marker``: a request id) and
filtered by ``changes-since`` (2.66: ``changes-before``) on the actions'
``updated_at``. Who sees what of the events is in
``nova_lite/policies/instance_actions.py``.
"""

import copy

from oslo_utils import timeutils
import pecan

from nova_lite.api import common
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import instance_actions as schemas
from nova_lite.api import validation
from nova_lite.api.views import instance_actions as views
from nova_lite.compute import api as compute_api
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import instance_actions as policies

_TIME_FILTERS = ('changes-since', 'changes-before')


def _allowed(context, rule, target):
    try:
        policy.authorize(context, rule, target)
        return True
    except exception.PolicyNotAuthorized:
        return False


def _time_filters(request):
    """{filter: ISO string} of the 2.58 / 2.66 time filters given."""
    filters = {key: request.GET[key] for key in _TIME_FILTERS
               if key in request.GET}
    if len(filters) == 2:
        since, before = (timeutils.normalize_time(
            timeutils.parse_isotime(filters[key])) for key in _TIME_FILTERS)
        if before < since:
            raise exception.Invalid(
                'The value of changes-since must be less than or equal to '
                'changes-before.')
    return filters


class InstanceActionsController(base.Controller):

    def __init__(self):
        super().__init__()
        self.compute_api = compute_api.API()

    def _server(self, request, server_id, rule):
        """The server (deleted ones too from 2.21), after ``rule``."""
        context = request.context
        if request.api_version.matches('2.21'):
            context = copy.copy(context)
            context.read_deleted = 'yes'
        instance = self.compute_api.get(context, server_id)
        policy.authorize(request.context, policies.BASE_POLICY_NAME % rule,
                         {'project_id': instance.project_id})
        return instance

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query, '2.1', '2.57')
    @validation.query_schema(schemas.index_query_v258, '2.58', '2.65')
    @validation.query_schema(schemas.index_query_v266, '2.66')
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self, server_id):
        request = pecan.request
        instance = self._server(request, server_id, 'list')
        limit = marker = filters = None
        if request.api_version.matches('2.58'):
            limit, marker = common.limit_and_marker(request)
            filters = _time_filters(request)
        actions = objects.InstanceActionList.get_by_instance_uuid(
            request.context, instance.uuid, limit=limit, marker=marker,
            filters=filters)
        return views.index(request, server_id, actions, limit)

    @pecan.expose('json')
    @validation.query_schema(schemas.show_query)
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, server_id, request_id):
        request = pecan.request
        context = request.context
        instance = self._server(request, server_id, 'show')
        action = objects.InstanceAction.get_by_request_id(
            context, instance.uuid, request_id)
        if action is None:
            raise exception.NotFound('Action %s not found' % request_id)
        # Who may see every detail of the events sees them at every
        # version; others see them from 2.51, without their traceback.
        all_details = _allowed(context, policies.BASE_POLICY_NAME % 'events',
                               {'project_id': instance.project_id})
        if not (all_details or request.api_version.matches('2.51')):
            return views.show(request, action, instance.project_id)
        events = objects.InstanceActionEventList.get_by_action(context,
                                                               action.id)
        since_262 = request.api_version.matches('2.62')
        return views.show(request, action,
                          action.project_id or instance.project_id, events,
                          traceback=all_details,
                          host=all_details and since_262, hostid=since_262)
