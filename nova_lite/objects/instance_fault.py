"""InstanceFault: why an instance went wrong, as the API's ``fault`` shows."""

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('instance_api')

# The length of the message column.
MAX_MESSAGE_LENGTH = 255


@base.NovaLiteObjectRegistry.register
class InstanceFault(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, fault, db_fault):
        return base.from_db_object(context, fault, db_fault)

    @base.remotable
    def create(self):
        """Record the fault; the message is cut to the column's length."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self.obj_get_changes()
        if values.get('message'):
            values['message'] = values['message'][:MAX_MESSAGE_LENGTH]
        db_fault = db.instance_fault_create(values)
        self._from_db_object(self._context, self, db_fault)


@base.NovaLiteObjectRegistry.register
class InstanceFaultList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceFault'),
    }

    @classmethod
    @base.remotable
    def get_by_instance_uuids(cls, context, instance_uuids, latest=False):
        """Faults of the instances, newest first (each newest if latest)."""
        db_faults = db.instance_fault_get_by_instance_uuids(
            instance_uuids, latest=latest)
        return base.obj_make_list(context, cls(context), InstanceFault,
                                  db_faults)
