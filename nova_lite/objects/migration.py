"""Migration: one move of an instance (today, a resize), as Nova's.

A migration records where the instance goes from and to, the flavors
before and after (stored as the JSON of the Flavor primitive, as the
instance stores its own) and its progress as Nova's statuses:

    pre-migrating -> migrating -> post-migrating -> finished
    finished -> confirming -> confirmed
    finished -> reverting -> reverted
    any of them -> error

Its uuid is also an allocation consumer: while a resize waits for its
confirmation the migration holds the source node's resources. ``save``
changes the status compare-and-swap style and may end that hold in the
same transaction (see ``save``).
"""

from oslo_utils import uuidutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import flavor as flavor_obj

db = db_pkg.lazy('migrations_api')

_FLAVORS = ('old_flavor', 'new_flavor')

# Nova's statuses of a resize, in the order a resize goes through them.
PRE_MIGRATING = 'pre-migrating'
MIGRATING = 'migrating'
POST_MIGRATING = 'post-migrating'
FINISHED = 'finished'
CONFIRMING = 'confirming'
CONFIRMED = 'confirmed'
REVERTING = 'reverting'
REVERTED = 'reverted'
ERROR = 'error'

MIGRATION_TYPES = ('migration', 'resize', 'live-migration', 'evacuation')


@base.NovaLiteObjectRegistry.register
class Migration(base.NovaLitePersistentObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'migration_type': fields.EnumField(MIGRATION_TYPES, nullable=True),
        'status': fields.StringField(nullable=True),
        'source_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, migration, db_migration):
        base.from_db_object(context, migration, db_migration, skip=_FLAVORS)
        for name in _FLAVORS:
            setattr(migration, name,
                    flavor_obj.flavor_from_json(getattr(db_migration, name)))
        migration.obj_reset_changes(recursive=True)
        return migration

    @staticmethod
    def _db_values(changes):
        values = dict(changes)
        for key in ('id', 'deleted', 'deleted_at'):
            values.pop(key, None)
        for name in _FLAVORS:
            if name in values:
                values[name] = flavor_obj.flavor_to_json(values[name])
        return values

    @property
    def is_same_host(self):
        """True for a resize that stays on its host."""
        return self.source_compute == self.dest_compute

    @classmethod
    @base.remotable
    def get_by_id(cls, context, migration_id):
        """MigrationNotFound if there is none."""
        return cls._from_db_object(context, cls(),
                                   db.migration_get(migration_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, migration_uuid):
        """MigrationNotFound if there is none."""
        return cls._from_db_object(
            context, cls(), db.migration_get_by_uuid(migration_uuid))

    @classmethod
    @base.remotable
    def get_by_id_and_instance(cls, context, migration_id, instance_uuid):
        """MigrationNotFoundForInstance unless it is the instance's."""
        return cls._from_db_object(
            context, cls(),
            db.migration_get_by_id_and_instance(migration_id, instance_uuid))

    @classmethod
    @base.remotable
    def get_by_instance_and_status(cls, context, instance_uuid, status):
        """The instance's newest migration in ``status``;
        MigrationNotFoundByStatus if none."""
        return cls._from_db_object(
            context, cls(),
            db.migration_get_by_instance_and_status(instance_uuid, status))

    @base.remotable
    def create(self):
        """Store a new migration (a new uuid unless set).

        InstanceNotFound when its instance does not exist.
        """
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        db_migration = db.migration_create(
            self._db_values(self.obj_get_changes()))
        self._from_db_object(self._context, self, db_migration)

    @base.remotable
    def save(self, expected_status=None, allocations=None):
        """Store the changed fields, compare-and-swap on ``status``.

        ``expected_status``: None (no check), a status or a list of them;
        UnexpectedMigrationStatusError (409) when the stored status is
        another, so of two racing callers exactly one wins.

        ``allocations``: ``'release'`` frees what the migration holds (the
        source of a confirmed resize), ``'revert'`` gives it back to the
        instance in place of the instance's own (a reverted or failed
        resize); both in the same transaction as the update, and at most
        once. Returns how many allocation rows went or moved.
        """
        values = self._db_values(self.obj_get_changes())
        db_migration, changed = db.migration_update(
            self.id, values, expected_status=expected_status,
            allocations=allocations)
        self._from_db_object(self._context, self, db_migration)
        return changed


@base.NovaLiteObjectRegistry.register
class MigrationList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('Migration'),
    }

    @classmethod
    def _make(cls, context, db_migrations):
        return base.obj_make_list(context, cls(context), Migration,
                                  db_migrations)

    @classmethod
    @base.remotable
    def get_in_progress_by_instance(cls, context, instance_uuid,
                                    migration_type=None):
        """The instance's migrations not in a final status (confirmed,
        reverted, error...), oldest first."""
        return cls._make(context, db.migration_get_in_progress_by_instance(
            instance_uuid, migration_type=migration_type))

    @classmethod
    @base.remotable
    def get_by_instance(cls, context, instance_uuid):
        """Every live migration of the instance, oldest first."""
        return cls._make(context,
                         db.migration_get_all_by_instance(instance_uuid))
