"""/os-aggregates: the host aggregates (only the list: there are none).

nova_lite has no host aggregates; ``GET /os-aggregates`` answers the empty
list an aggregate-less Nova gives, which ``openstack hypervisor show``
reads to say which aggregates a host is in.
"""

import pecan

from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import aggregates as schemas
from nova_lite.api import validation
from nova_lite.policies import aggregates as policies


class AggregatesController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        policy.authorize(pecan.request.context,
                         policies.POLICY_ROOT % 'index', {})
        return {'aggregates': []}
