"""/limits: the project's absolute limits and what it uses of them.

Limits are the project's own (``os-quota-sets``) or the ``[quota]``
defaults; usage is counted from the project's live instances and server
groups, with the limits, in one conductor call
(``Quotas.get_project_usage``). An administrator reads another project's
limits with ``?tenant_id=``.
"""

import pecan

from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import limits as schemas
from nova_lite.api import validation
from nova_lite.api.views import limits as views
from nova_lite import objects
from nova_lite.policies import limits as policies


class LimitsController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        request = pecan.request
        context = request.context
        policy.authorize(context, policies.BASE_POLICY_NAME)
        project_id = context.project_id
        if 'tenant_id' in request.GET:
            project_id = request.GET['tenant_id']
            policy.authorize(context, policies.OTHER_PROJECT,
                             {'project_id': project_id})
        found = objects.Quotas.get_project_usage(context, project_id)
        return views.index(request, found['limits'], found['usages'])
