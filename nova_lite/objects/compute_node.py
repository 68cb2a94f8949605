"""ComputeNode: one hypervisor's inventory, as its compute reports it.

Usage counted by the scheduler comes from allocations; the ``*_used``
fields are the resource tracker's own view, for display.
"""

from oslo_utils import uuidutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('service_api')

# Written only by allocation claims (compare-and-swap), never by save().
_CLAIM_OWNED = ('generation',)


@base.NovaLiteObjectRegistry.register
class ComputeNode(base.NovaLitePersistentObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(nullable=True),
        'hypervisor_hostname': fields.StringField(nullable=True),
        'hypervisor_type': fields.StringField(nullable=True),
        'hypervisor_version': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(default=0),
        'memory_mb': fields.IntegerField(default=0),
        'local_gb': fields.IntegerField(default=0),
        'vcpus_used': fields.IntegerField(default=0),
        'memory_mb_used': fields.IntegerField(default=0),
        'local_gb_used': fields.IntegerField(default=0),
        'running_vms': fields.IntegerField(default=0),
        'cpu_allocation_ratio': fields.FloatField(nullable=True),
        'ram_allocation_ratio': fields.FloatField(nullable=True),
        'disk_allocation_ratio': fields.FloatField(nullable=True),
        'reserved_host_cpus': fields.IntegerField(default=0),
        'reserved_host_memory_mb': fields.IntegerField(default=0),
        'reserved_host_disk_mb': fields.IntegerField(default=0),
        'host_ip': fields.IPAddressField(nullable=True),
        'cpu_info': fields.StringField(nullable=True),
        'generation': fields.IntegerField(default=0),
    })

    @staticmethod
    def _from_db_object(context, node, db_node):
        return base.from_db_object(context, node, db_node)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, compute_id):
        """The live node of ``id``; ComputeNodeNotFound if none."""
        return cls._from_db_object(context, cls(),
                                   db.compute_node_get(compute_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, compute_uuid):
        """The live node of ``uuid``; ComputeNodeNotFound if none."""
        return cls._from_db_object(
            context, cls(), db.compute_node_get_by_uuid(compute_uuid))

    @classmethod
    @base.remotable
    def get_by_host_and_nodename(cls, context, host, nodename):
        """The live node ``nodename`` of ``host``; ComputeHostNotFound."""
        return cls._from_db_object(
            context, cls(),
            db.compute_node_get_by_host_and_nodename(host, nodename))

    @base.remotable
    def create(self):
        """Store a new node; sets ``uuid`` if unset (ComputeNodeExists)."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        updates = self.obj_get_changes()
        for key in _CLAIM_OWNED:
            updates.pop(key, None)
        db_node = db.compute_node_create(updates)
        self._from_db_object(self._context, self, db_node)

    @base.remotable
    def save(self):
        """Store the changed fields (``generation`` is never written)."""
        updates = self.obj_get_changes()
        for key in ('id',) + _CLAIM_OWNED:
            updates.pop(key, None)
        if not updates:
            return
        db_node = db.compute_node_update(self.id, updates)
        self._from_db_object(self._context, self, db_node)

    @base.remotable
    def destroy(self):
        """Soft-delete the node."""
        db.compute_node_destroy(self.id)


@base.NovaLiteObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: Added get_by_pagination() and get_by_hypervisor()
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('ComputeNode'),
    }

    @classmethod
    @base.remotable
    def get_all(cls, context):
        """Every live node."""
        return base.obj_make_list(context, cls(context), ComputeNode,
                                  db.compute_node_get_all())

    @classmethod
    @base.remotable
    def get_all_by_host(cls, context, host):
        """The live nodes of ``host``; ComputeHostNotFound if it has none."""
        return base.obj_make_list(context, cls(context), ComputeNode,
                                  db.compute_node_get_all_by_host(host))

    @classmethod
    @base.remotable
    def get_by_pagination(cls, context, limit=None, marker=None):
        """Live nodes by id, ``limit`` of them after the ``marker`` node
        (its id or its uuid; MarkerNotFound, 400, if it is not live)."""
        return base.obj_make_list(
            context, cls(context), ComputeNode,
            db.compute_node_get_all_by_pagination(limit=limit,
                                                  marker=marker))

    @classmethod
    @base.remotable
    def get_by_hypervisor(cls, context, hypervisor_match):
        """Live nodes whose hypervisor_hostname contains the string."""
        return base.obj_make_list(
            context, cls(context), ComputeNode,
            db.compute_node_search_by_hypervisor(hypervisor_match))
