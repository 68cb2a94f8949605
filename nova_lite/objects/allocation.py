"""Allocation: an amount of one resource class an instance holds on a node.

Compute nodes are the resource providers (``resource_provider_uuid`` is the
node's uuid) and instances the consumers (``consumer_id``), as in placement.
"""

from nova_lite import db as db_pkg
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('allocation_api')


@base.NovaLiteObjectRegistry.register
class Allocation(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'resource_provider_uuid': fields.UUIDField(),
        'consumer_id': fields.UUIDField(),
        'resource_class': fields.ResourceClassField(),
        'used': fields.NonNegativeIntegerField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, allocation, db_allocation):
        return base.from_db_object(context, allocation, db_allocation)


@base.NovaLiteObjectRegistry.register
class AllocationList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: Added move_to_consumer()
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('Allocation'),
    }

    @classmethod
    def _make(cls, context, db_allocations):
        return base.obj_make_list(context, cls(context), Allocation,
                                  db_allocations)

    @classmethod
    @base.remotable
    def claim(cls, context, compute_node_uuid, consumer_id, project_id,
              user_id, resources):
        """Atomically allocate ``resources`` ({class: amount}) on a node.

        Replaces what the consumer held before. ResourceClaimFailed (409)
        if it does not fit (it says which class and how much is left);
        ConcurrentUpdateDetected if other claims kept winning the race;
        GroupAffinityViolation (409) if the consumer's affinity or
        anti-affinity server group does not allow the node's host. Two
        claimers can never overcommit a node nor break a group's policy.
        """
        return cls._make(context, db.allocation_claim(
            compute_node_uuid, consumer_id, project_id, user_id, resources))

    @classmethod
    @base.remotable
    def get_all_by_consumer_id(cls, context, consumer_id):
        return cls._make(context,
                         db.allocation_get_all_by_consumer(consumer_id))

    @classmethod
    @base.remotable
    def delete_by_consumer(cls, context, consumer_id):
        """Release the consumer's allocations; return how many rows went.

        Only the first of several callers gets a non-zero count.
        """
        return db.allocation_delete_by_consumer(consumer_id)

    @classmethod
    @base.remotable
    def move_to_consumer(cls, context, from_consumer, to_consumer):
        """Hand every allocation of ``from_consumer`` to ``to_consumer``.

        One transaction: ``to_consumer`` loses what it held and takes
        ``from_consumer``'s rows as they are (same nodes, same amounts). A
        resize gives the instance's source allocation to its migration
        this way before scheduling. Exactly once: when ``from_consumer``
        holds nothing, nothing changes. Returns how many rows moved.
        """
        return db.allocation_move(from_consumer, to_consumer)

    @classmethod
    @base.remotable
    def get_usages(cls, context, compute_node_uuid=None):
        """{node uuid: {resource class: used}} of every node, one query.

        With ``compute_node_uuid``, that node only.
        """
        return db.allocation_usages(compute_node_uuid)
