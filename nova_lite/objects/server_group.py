"""InstanceGroup: a server group, one placement policy for its members.

``policy`` is affinity, anti-affinity, soft-affinity or soft-anti-affinity;
``rules`` may hold ``max_server_per_host`` for anti-affinity (API 2.64).
``members`` are the uuids of the live member instances, ``hosts`` the
hosts they are on and ``members_per_host`` how many on each, all computed by
the conductor when the group is read (``hosts`` and ``members_per_host``
only by the single-group reads, which the scheduler uses: it reads the
group afresh for every request).
"""

from oslo_utils import uuidutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import quotas as quotas_obj

db = db_pkg.lazy('server_group_api')

POLICIES = ('affinity', 'anti-affinity', 'soft-affinity',
            'soft-anti-affinity')


@base.NovaLiteObjectRegistry.register
class InstanceGroup(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'policy': fields.StringField(nullable=True),
        'rules': fields.DictOfIntegersField(default={}),
        'members': fields.ListOfStringsField(default=[]),
        'hosts': fields.ListOfStringsField(nullable=True),
        # {host: members on it}, read with ``hosts``.
        'members_per_host': fields.DictOfIntegersField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, group, db_group):
        skip = (() if 'hosts' in db_group
                else ('hosts', 'members_per_host'))
        return base.from_db_object(context, group, db_group, skip=skip)

    @property
    def max_server_per_host(self):
        """How many members an anti-affinity group allows per host."""
        return int((self.rules or {}).get('max_server_per_host') or 1)

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid):
        """The group with its members and their hosts;
        InstanceGroupNotFound if none."""
        return cls._from_db_object(context, cls(),
                                   db.instance_group_get_by_uuid(uuid))

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The group the instance belongs to; InstanceGroupNotFound if it
        is in none."""
        return cls._from_db_object(
            context, cls(),
            db.instance_group_get_by_instance_uuid(instance_uuid))

    @base.remotable
    def create(self):
        """Store the group, within its project's ``server_groups`` quota.

        The count is made in the insert's transaction (so the create
        either fits or leaves nothing) and, for a concurrent create by
        another conductor, checked again once committed (the group is then
        removed). ServerGroupLimitExceeded (403) when over the quota.
        """
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        self.obj_set_defaults('rules', 'members')
        limit = quotas_obj.project_limits(self.project_id)['server_groups']
        with quotas_obj.project_lock(self.project_id):
            db_group = db.instance_group_create(self.obj_get_changes(),
                                                limit=limit)
        if 0 <= limit < db.instance_group_count_by_project(self.project_id):
            db.instance_group_destroy(self.uuid)
            raise exception.ServerGroupLimitExceeded()
        self._from_db_object(self._context, self, db_group)

    @base.remotable
    def destroy(self):
        """Delete the group (its members stay, as instances)."""
        db.instance_group_destroy(self.uuid)

    @classmethod
    @base.remotable
    def add_members(cls, context, group_uuid, instance_uuids):
        """Add instances to the group; return the uuids newly added."""
        return db.instance_group_add_members(group_uuid, instance_uuids)


@base.NovaLiteObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceGroup'),
    }

    @classmethod
    def _make(cls, context, db_groups):
        return base.obj_make_list(context, cls(context), InstanceGroup,
                                  db_groups)

    @classmethod
    @base.remotable
    def get_by_project_id(cls, context, project_id, limit=None,
                          offset=None):
        """The project's groups, oldest first, with their members."""
        return cls._make(context, db.instance_group_get_all(
            project_id=project_id, limit=limit, offset=offset))

    @classmethod
    @base.remotable
    def get_all(cls, context, limit=None, offset=None):
        """Every project's groups, oldest first, with their members."""
        return cls._make(context, db.instance_group_get_all(
            limit=limit, offset=offset))
