"""/os-quota-sets: a project's limits (show, detail with usage, defaults),
set by administrators (update) and reverted to the defaults (delete).

Limits are per project: ``?user_id`` is accepted when reading (the
project's limits are shown) and refused when writing (no per-user limits
here). Usage is counted from the rows. Each method goes policy ->
validate -> load -> act -> view.
"""

from oslo_utils import strutils
import pecan

from nova_lite.api import common
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import quota_sets as schemas
from nova_lite.api import validation
from nova_lite.api.views import quota_sets as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import quotas as quotas_obj
from nova_lite.policies import quota_sets as policies

POLICY_ROOT = policies.POLICY_ROOT


def _authorize(context, action, project_id):
    policy.authorize(context, POLICY_ROOT % action,
                     {'project_id': project_id})


def _refuse_user_id(request):
    if request.GET.get('user_id'):
        raise exception.Invalid(
            'Per-user quotas are not supported: quotas are set per project')


class QuotaSetsController(base.Controller):
    """GET/PUT/DELETE /os-quota-sets/{project_id}, GET .../detail and
    .../defaults."""

    _custom_actions = {'detail': ['GET'], 'defaults': ['GET']}

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, project_id):
        request = pecan.request
        context = request.context
        _authorize(context, 'show', project_id)
        limits = objects.Quotas.get_project_limits(context, project_id)
        return views.show(request, project_id, limits)

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schemas(schemas.detail_response)
    def detail(self, project_id):
        request = pecan.request
        context = request.context
        _authorize(context, 'detail', project_id)
        found = objects.Quotas.get_project_usage(
            context, project_id, user_id=request.GET.get('user_id'))
        return views.detail(request, project_id, found['limits'],
                            found['usages'])

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    def defaults(self, project_id):
        request = pecan.request
        _authorize(request.context, 'defaults', project_id)
        return views.show(request, project_id,
                          quotas_obj.default_limits())

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schemas(schemas.update_response)
    @validation.schema(schemas.update, '2.1', '2.35')
    @validation.schema(schemas.update_v236, '2.36', '2.56')
    @validation.schema(schemas.update_v257, '2.57')
    def put(self, project_id, body):
        request = pecan.request
        context = request.context
        _authorize(context, 'update', project_id)
        _refuse_user_id(request)
        values = dict(body['quota_set'])
        force = strutils.bool_from_string(values.pop('force', False))
        limits = {name: int(value) for name, value in values.items()}
        # Counted and stored in one conductor call: a limit below the
        # usage is refused (QuotaLimitBelowUsage) unless forced.
        updated = objects.Quotas.update_limits(context, project_id, limits,
                                               force=force)
        return views.show(request, None, updated)

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schemas(schemas.delete_response)
    def delete(self, project_id):
        request = pecan.request
        context = request.context
        _authorize(context, 'delete', project_id)
        _refuse_user_id(request)
        objects.Quotas.destroy_all_by_project(context, project_id)
        return common.empty_response(202)
