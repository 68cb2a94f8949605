"""RequestSpec: what an instance asked the scheduler for.

Kept for the instance's lifetime (reschedules, resize) and stored as the
JSON of the object's primitive, so new fields need no migration.
"""

from oslo_serialization import jsonutils
from oslo_utils import versionutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('request_spec_api')

_NAMESPACE = base.NovaLiteObject.OBJ_SERIAL_NAMESPACE
# The row's own columns, not part of the stored document.
_NOT_IN_SPEC = ('id',)


@base.NovaLiteObjectRegistry.register
class RequestSpec(base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: Added image (the Image booted from, for the scheduler)
    # Version 1.2: Added instance_group (the server group of the boot)
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor', nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'availability_zone': fields.StringField(nullable=True),
        'scheduler_hints': fields.DictOfListOfStringsField(default={}),
        'ignore_hosts': fields.ListOfStringsField(nullable=True),
        'force_hosts': fields.ListOfStringsField(nullable=True),
        'force_nodes': fields.ListOfStringsField(nullable=True),
        # The image of image_ref, so the scheduler needs no lookup of its
        # own (ImagePropertiesFilter); None when booted from no image.
        'image': fields.ObjectField('Image', nullable=True, default=None),
        # The server group named by the ``group`` hint (its uuid, policy
        # and rules; the scheduler reads its members and hosts afresh).
        'instance_group': fields.ObjectField('InstanceGroup', nullable=True,
                                             default=None),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        if target < (1, 2):
            primitive.pop('instance_group', None)
        if target < (1, 1):
            primitive.pop('image', None)

    def _to_json(self):
        primitive = self.obj_to_primitive()
        primitive.pop(_NAMESPACE + '.changes', None)
        data = primitive[_NAMESPACE + '.data']
        for key in _NOT_IN_SPEC:
            data.pop(key, None)
        return jsonutils.dumps(primitive)

    @classmethod
    def _from_db_object(cls, context, spec, db_spec):
        stored = cls.obj_from_primitive(jsonutils.loads(db_spec.spec))
        for name in spec.fields:
            if name not in _NOT_IN_SPEC and stored.obj_attr_is_set(name):
                setattr(spec, name, getattr(stored, name))
        spec.id = db_spec.id
        spec._context = context
        spec.obj_reset_changes(recursive=True)
        return spec

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The instance's spec; RequestSpecNotFound if none."""
        db_spec = db.request_spec_get_by_instance_uuid(instance_uuid)
        return cls._from_db_object(context, cls(), db_spec)

    @base.remotable
    def create(self):
        """Store the spec; RequestSpecExists if the instance has one."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        self.obj_set_defaults('num_instances', 'scheduler_hints')
        db_spec = db.request_spec_create(self.instance_uuid, self._to_json())
        self._from_db_object(self._context, self, db_spec)

    @base.remotable
    def save(self):
        """Store the whole spec again."""
        db_spec = db.request_spec_update(self.instance_uuid, self._to_json())
        self._from_db_object(self._context, self, db_spec)

    @base.remotable
    def destroy(self):
        """Delete the spec; RequestSpecNotFound if it is already gone."""
        db.request_spec_destroy(self.instance_uuid)
