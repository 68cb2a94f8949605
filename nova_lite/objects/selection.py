"""Selection: a host the scheduler chose for an instance (not stored).

``select_destinations`` returns, per instance, the chosen host followed by
its alternates; the first one's resources are already claimed and
``allocation`` says what was claimed.
"""

from nova_lite.objects import base
from nova_lite.objects import fields


@base.NovaLiteObjectRegistry.register
class Selection(base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'service_host': fields.StringField(),
        'nodename': fields.StringField(),
        'compute_node_uuid': fields.UUIDField(),
        'availability_zone': fields.StringField(nullable=True, default=None),
        # Resource class -> amount claimed on this node for the instance.
        'allocation': fields.DictOfIntegersField(default={}),
    }
