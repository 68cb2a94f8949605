"""HostState: what the scheduler knows of a compute node, in one call.

``HostStateList.get_all`` returns every live compute node with its compute
service and its allocation usage, read by the conductor in one transaction
(3 queries, whatever the number of nodes), so the scheduler builds its host
states in a single round trip. Whether the service is up is the
scheduler's call (``servicegroup.service_is_up(state.service)``).
"""

from nova_lite import db as db_pkg
from nova_lite.objects import base
from nova_lite.objects import compute_node
from nova_lite.objects import fields
from nova_lite.objects import service

db = db_pkg.lazy('service_api')


@base.NovaLiteObjectRegistry.register
class HostState(base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'compute_node': fields.ObjectField('ComputeNode'),
        # The live compute service of the node's host.
        'service': fields.ObjectField('Service'),
        # Resource class -> amount allocated on the node (absent: 0).
        'usage': fields.DictOfIntegersField(default={}),
        # Resource class -> what claims may allocate in total:
        # (total - reserved) * allocation ratio, the claim's own rule.
        'capacity': fields.DictOfIntegersField(default={}),
    }

    @property
    def host(self):
        return self.compute_node.host

    @property
    def nodename(self):
        return self.compute_node.hypervisor_hostname

    def free(self, resource_class):
        """How much of ``resource_class`` a claim could still get here."""
        return (self.capacity.get(resource_class, 0) -
                self.usage.get(resource_class, 0))


@base.NovaLiteObjectRegistry.register
class HostStateList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('HostState'),
    }

    @classmethod
    @base.remotable
    def get_all(cls, context):
        """Every live compute node with its service, usage and capacity.

        Nodes whose host has no live compute service are left out (nothing
        could be built there). Ordered by node id.
        """
        states = []
        for db_node, db_service, usage, capacity in db.host_state_get_all():
            states.append(HostState(
                context,
                compute_node=compute_node.ComputeNode._from_db_object(
                    context, compute_node.ComputeNode(), db_node),
                service=service.Service._from_db_object(
                    context, service.Service(), db_service),
                usage=usage, capacity=capacity))
        result = cls(context, objects=states)
        result.obj_reset_changes(recursive=True)
        return result
