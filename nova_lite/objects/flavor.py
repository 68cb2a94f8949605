"""Flavor: a named size of server (vCPUs, RAM, disk) plus extra specs."""

from oslo_serialization import jsonutils
from oslo_utils import uuidutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('flavor_api')

_PRIMITIVE_CHANGES = base.NovaLiteObject.OBJ_SERIAL_NAMESPACE + '.changes'


def flavor_to_json(flavor):
    """How an instance (or a migration) stores a Flavor: the JSON of its
    primitive, so a later change of the flavor leaves the copy alone."""
    if flavor is None:
        return None
    primitive = flavor.obj_to_primitive()
    primitive.pop(_PRIMITIVE_CHANGES, None)
    return jsonutils.dumps(primitive)


def flavor_from_json(text, memo=None):
    """The Flavor stored as ``text`` (see flavor_to_json).

    With ``memo`` (a dict), one object per distinct text, shared by the
    instances of one list: most of a page's servers have one of a few
    flavors, and parsing each copy was a sixth of the conductor's work for
    a long list.
    """
    if not text:
        return None
    flavor = memo.get(text) if memo is not None else None
    if flavor is None:
        flavor = Flavor.obj_from_primitive(jsonutils.loads(text))
        if memo is not None:
            memo[text] = flavor
    return flavor


_RELATIONS = ('extra_specs', 'projects')
# Of a flavor's own columns, only the description may change after
# creation (as in Nova); a new size is a new flavor.
_MUTABLE = ('description',)


@base.NovaLiteObjectRegistry.register
class Flavor(base.TrackedMutableFields, base.TimestampedObject,
             base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    _tracked_fields = _RELATIONS

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(default=0),
        'ephemeral_gb': fields.IntegerField(default=0),
        'flavorid': fields.StringField(),
        'swap': fields.IntegerField(default=0),
        'rxtx_factor': fields.FloatField(nullable=True, default=1.0),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'is_public': fields.BooleanField(default=True),
        'description': fields.StringField(nullable=True, default=None),
        'extra_specs': fields.DictOfStringsField(default={}),
        'projects': fields.ListOfStringsField(default=[]),
    })

    @staticmethod
    def _from_db_object(context, flavor, db_flavor):
        base.from_db_object(context, flavor, db_flavor, skip=_RELATIONS)
        flavor.extra_specs = {spec.key: spec.value
                              for spec in db_flavor.extra_specs}
        flavor.projects = sorted(access.project_id
                                 for access in db_flavor.projects)
        flavor.obj_reset_changes()
        return flavor

    @classmethod
    @base.remotable
    def get_by_id(cls, context, id):
        """By internal id; FlavorNotFound if there is none."""
        return cls._from_db_object(context, cls(), db.flavor_get(id))

    @classmethod
    @base.remotable
    def get_by_flavor_id(cls, context, flavor_id):
        """By API id (``flavorid``); FlavorNotFound if there is none."""
        return cls._from_db_object(context, cls(),
                                   db.flavor_get_by_flavor_id(flavor_id))

    @classmethod
    @base.remotable
    def get_by_name(cls, context, name):
        """By name; FlavorNotFoundByName if there is none."""
        return cls._from_db_object(context, cls(),
                                   db.flavor_get_by_name(name))

    @base.remotable
    def create(self):
        """Store a new flavor; a missing ``flavorid`` becomes a uuid.

        Raises FlavorExists (name taken) or FlavorIdExists.
        """
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('flavorid'):
            self.flavorid = uuidutils.generate_uuid()
        self.obj_set_defaults()
        updates = self.obj_get_changes()
        extra_specs = updates.pop('extra_specs', {})
        projects = updates.pop('projects', [])
        db_flavor = db.flavor_create(updates, extra_specs, projects)
        self._from_db_object(self._context, self, db_flavor)

    @base.remotable
    def save(self):
        """Store changes of description, extra specs and project access.

        ``extra_specs`` and ``projects`` are stored as they now are (items
        removed from them are removed from the database). Any other field
        is read-only: ObjectActionError.
        """
        updates = self.obj_get_changes()
        extra_specs = updates.pop('extra_specs', None)
        projects = updates.pop('projects', None)
        for key in ('created_at', 'updated_at'):
            updates.pop(key, None)
        read_only = sorted(set(updates) - set(_MUTABLE))
        if read_only:
            raise exception.ObjectActionError(
                action='save',
                reason='read-only fields were changed: %s'
                       % ', '.join(read_only))
        if not updates and extra_specs is None and projects is None:
            return
        db_flavor = db.flavor_update(self.id, updates, extra_specs, projects)
        self._from_db_object(self._context, self, db_flavor)

    @base.remotable
    def destroy(self):
        """Delete the flavor with its extra specs and access list."""
        db.flavor_destroy(self.id)

    def _check_projects_unchanged(self, action):
        if 'projects' in self.obj_what_changed():
            raise exception.ObjectActionError(
                action=action, reason='projects modified but not saved')

    @base.remotable
    def add_access(self, project_id):
        """Let ``project_id`` use this private flavor (FlavorAccessExists)."""
        self._check_projects_unchanged('add_access')
        db.flavor_add_project(self.id, project_id, flavorid=self.flavorid)
        self._from_db_object(self._context, self, db.flavor_get(self.id))

    @base.remotable
    def remove_access(self, project_id):
        """Take access away (FlavorAccessNotFound if it had none)."""
        self._check_projects_unchanged('remove_access')
        db.flavor_remove_project(self.id, project_id,
                                 flavorid=self.flavorid)
        self._from_db_object(self._context, self, db.flavor_get(self.id))


@base.NovaLiteObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('Flavor'),
    }

    @classmethod
    @base.remotable
    def get_all(cls, context, inactive=False, filters=None,
                sort_key='flavorid', sort_dir='asc', limit=None,
                marker=None):
        """Flavors matching ``filters``, paged by a flavorid ``marker``.

        ``filters``: ``is_public`` (True: public flavors plus the private
        ones the context's project may use; False: private only; None or
        absent: all), ``min_memory_mb``, ``min_root_gb``, ``disabled``.
        ``inactive`` is accepted for Nova's signature: flavors are
        hard-deleted, so there are no inactive rows to include.
        """
        db_flavors = db.flavor_get_all(
            filters=filters, sort_key=sort_key, sort_dir=sort_dir,
            limit=limit, marker=marker, project_id=context.project_id)
        return base.obj_make_list(context, cls(context), Flavor, db_flavors)
