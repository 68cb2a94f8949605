"""KeyPair: a user's public key, injected into the servers they boot."""

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('keypair_api')


@base.NovaLiteObjectRegistry.register
class KeyPair(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=False),
        'user_id': fields.StringField(nullable=True),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.KeyPairTypeField(nullable=False, default='ssh'),
    })

    @staticmethod
    def _from_db_object(context, keypair, db_keypair):
        return base.from_db_object(context, keypair, db_keypair)

    @classmethod
    @base.remotable
    def get_by_name(cls, context, user_id, name):
        """The user's key pair ``name``; KeypairNotFound if none."""
        return cls._from_db_object(context, cls(),
                                   db.key_pair_get(user_id, name))

    @classmethod
    @base.remotable
    def destroy_by_name(cls, context, user_id, name):
        """Delete the user's key pair ``name``; KeypairNotFound if none."""
        db.key_pair_destroy(user_id, name)

    @base.remotable
    def create(self):
        """Store the key pair; KeyPairExists if the name is taken."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        self.obj_set_defaults('type')
        db_keypair = db.key_pair_create(self.obj_get_changes())
        self._from_db_object(self._context, self, db_keypair)

    @base.remotable
    def destroy(self):
        """Delete the key pair."""
        db.key_pair_destroy(self.user_id, self.name)


@base.NovaLiteObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('KeyPair'),
    }

    @classmethod
    @base.remotable
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        """The user's key pairs by name, after the ``marker`` name."""
        db_keypairs = db.key_pair_get_all_by_user(user_id, limit=limit,
                                                  marker=marker)
        return base.obj_make_list(context, cls(context), KeyPair,
                                  db_keypairs)

    @classmethod
    @base.remotable
    def get_count_by_user(cls, context, user_id):
        """How many key pairs the user has (for quota checks)."""
        return db.key_pair_count_by_user(user_id)
