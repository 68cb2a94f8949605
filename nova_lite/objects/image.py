"""Image: a Glance-style image record, as servers are booted from.

nova_lite keeps the image records itself (``nova-lite-manage image``) and
serves a Glance v2 subset over them; there is no image data. Who may see an
image follows Glance: an admin sees all; a project sees public images, the
images it owns and, by id, community images.
"""

from oslo_utils import uuidutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('image_api')

_RELATIONS = ('properties', 'tags')


@base.NovaLiteObjectRegistry.register
class Image(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.UUIDField(),
        'name': fields.StringField(nullable=True, default=None),
        'status': fields.ImageStatusField(default='active'),
        # Glance's default for a new image is 'shared'.
        'visibility': fields.ImageVisibilityField(default='shared'),
        'protected': fields.BooleanField(default=False),
        'container_format': fields.StringField(nullable=True, default=None),
        'disk_format': fields.StringField(nullable=True, default=None),
        'min_disk': fields.NonNegativeIntegerField(default=0),
        'min_ram': fields.NonNegativeIntegerField(default=0),
        'size': fields.NonNegativeIntegerField(nullable=True, default=None),
        'checksum': fields.StringField(nullable=True, default=None),
        'owner': fields.StringField(nullable=True, default=None),
        'properties': fields.DictOfStringsField(default={}),
        'tags': fields.ListOfStringsField(default=[]),
    })

    @staticmethod
    def _from_db_object(context, image, db_image):
        base.from_db_object(context, image, db_image, skip=_RELATIONS)
        image.properties = {prop.name: prop.value
                            for prop in db_image.properties}
        image.tags = sorted(tag.value for tag in db_image.tags)
        image.obj_reset_changes()
        return image

    @classmethod
    @base.remotable
    def get_by_id(cls, context, image_id):
        """The image if the context may see it; ImageNotFound (404) if not.

        An image of another project is a 404 too, never a 403 (as Glance).
        """
        db_image = db.image_get(image_id, project_id=context.project_id,
                                is_admin=context.is_admin)
        return cls._from_db_object(context, cls(), db_image)

    @base.remotable
    def create(self):
        """Store a new image; a missing ``id`` becomes a new uuid.

        Unset fields take their defaults (status active, visibility
        shared). ImageExists (409) if the id is taken.
        """
        if self.obj_attr_is_set('created_at'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('id'):
            self.id = uuidutils.generate_uuid()
        self.obj_set_defaults()
        values = self.obj_get_changes()
        properties = values.pop('properties')
        tags = values.pop('tags')
        for key in ('created_at', 'updated_at'):
            values.pop(key, None)
        db_image = db.image_create(values, properties, tags)
        self._from_db_object(self._context, self, db_image)

    @base.remotable
    def destroy(self):
        """Delete the image record (ImageNotFound, ImageProtected 403)."""
        db.image_destroy(self.id)


@base.NovaLiteObjectRegistry.register
class ImageList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('Image'),
    }

    @classmethod
    @base.remotable
    def get_all(cls, context, filters=None, limit=None, marker=None,
                sort_key='created_at', sort_dir='desc'):
        """The images the context may see, filtered, sorted and paged.

        ``filters``: exact matches on ``name``, ``status``, ``owner``, and
        ``visibility`` (public, private, shared, community, or all; without
        it, others' community images are not listed, as in Glance).
        ``marker``: the previous page's last image id (MarkerNotFound,
        400). InvalidInput for an unknown filter, InvalidSortKey for an
        unknown sort key.
        """
        db_images = db.image_get_all(
            filters=filters, sort_key=sort_key, sort_dir=sort_dir,
            limit=limit, marker=marker, project_id=context.project_id,
            is_admin=context.is_admin)
        return base.obj_make_list(context, cls(context), Image, db_images)
