"""/os-server-groups: create, list, show and delete server groups.

A server group gives its members one placement policy (affinity,
anti-affinity, and from 2.15 their soft forms); servers join one at boot
with the ``group`` scheduler hint. Each project may have ``server_groups``
groups (its quota); an administrator lists every project's with
``all_projects``. Each method goes policy -> validate -> load -> act ->
view.
"""

from oslo_utils import uuidutils
import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import server_groups as schemas
from nova_lite.api import validation
from nova_lite.api.views import server_groups as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import server_groups as policies

POLICY_ROOT = policies.POLICY_ROOT


def _allowed(context, rule):
    try:
        policy.authorize(context, rule)
        return True
    except exception.PolicyNotAuthorized:
        return False


def _get(context, group_id):
    """The group (InstanceGroupNotFound: 404, also for a malformed id)."""
    if not uuidutils.is_uuid_like(group_id):
        raise exception.InstanceGroupNotFound(group_uuid=group_id)
    return objects.InstanceGroup.get_by_uuid(context, group_id)


def _policy_and_rules(request, values):
    """(policy, rules) of a create body, as the microversion words them."""
    if not microversion.supports_server_group_policy_rules(request):
        return values['policies'][0], {}
    rules = dict(values.get('rules') or {})
    if rules and values['policy'] != 'anti-affinity':
        raise exception.Invalid('Only anti-affinity policy supports rules.')
    return values['policy'], {name: int(value)
                              for name, value in rules.items()}


def _offset_and_limit(request):
    """Nova's ``offset``/``limit`` paging, limit capped at max_limit."""
    # The query schema let only digits through.
    offset = int(request.GET.get('offset') or 0)
    limit, _marker = common.limit_and_marker(request)
    return offset, limit


class ServerGroupsController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        request = pecan.request
        context = request.context
        policy.authorize(context, POLICY_ROOT % 'index')
        offset, limit = _offset_and_limit(request)
        if 'all_projects' in request.GET and _allowed(
                context, POLICY_ROOT % 'index:all_projects'):
            groups = objects.InstanceGroupList.get_all(
                context, limit=limit, offset=offset)
        else:
            groups = objects.InstanceGroupList.get_by_project_id(
                context, context.project_id, limit=limit, offset=offset)
        return views.index(request, groups)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, group_id):
        request = pecan.request
        context = request.context
        group = _get(context, group_id)
        policy.authorize(context, POLICY_ROOT % 'show',
                         {'project_id': group.project_id})
        return views.show(request, group)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.show_response)
    @validation.schema(schemas.create, '2.1', '2.14')
    @validation.schema(schemas.create_v215, '2.15', '2.63')
    @validation.schema(schemas.create_v264, '2.64')
    def post(self, body):
        request = pecan.request
        context = request.context
        policy.authorize(context, POLICY_ROOT % 'create')
        values = body['server_group']
        group_policy, rules = _policy_and_rules(request, values)
        group = objects.InstanceGroup(
            context, name=values['name'], project_id=context.project_id,
            user_id=context.user_id, policy=group_policy, rules=rules)
        # Counted (and counted again, against concurrent creates) in the
        # conductor as the group is written: ServerGroupLimitExceeded.
        group.create()
        return views.show(request, group)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.delete_response)
    def delete(self, group_id):
        context = pecan.request.context
        group = _get(context, group_id)
        policy.authorize(context, POLICY_ROOT % 'delete',
                         {'project_id': group.project_id})
        group.destroy()
        return common.empty_response(204)
