"""Instance: a server, with its flavor, metadata and, on request, its
fault and fixed IPs.

The flavor is stored in the instance row as the JSON of the Flavor
object's primitive, so a later change of the flavor does not change the
servers built from it. ``metadata`` lives in instance_metadata and is always
loaded; ``fault`` and ``fixed_ips`` are loaded only when ``expected_attrs``
names them (one more query each, for a whole list).

State changes use compare-and-swap: ``save(expected_task_state=...)`` is a
single conditional UPDATE, so of two concurrent actions exactly one wins
and the other gets UnexpectedTaskStateError (409).
"""

from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
from oslo_utils import versionutils

from nova_lite.compute import task_states
from nova_lite.compute import vm_states

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields
from nova_lite.objects import fixed_ip as fixed_ip_obj
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance_action
from nova_lite.objects import instance_fault
from nova_lite.objects import quotas as quotas_obj

LOG = logging.getLogger(__name__)
db = db_pkg.lazy('instance_api')

# Extra things a caller may ask to be loaded; metadata and flavor always
# are, 'fault' and 'fixed_ips' cost one query each for the whole list.
INSTANCE_OPTIONAL_ATTRS = ('fault', 'fixed_ips', 'metadata', 'flavor')
_NOT_COLUMNS = ('flavor', 'metadata', 'fault', 'fixed_ips')


def _group_uuid(request_spec):
    """The uuid of the spec's server group, or None."""
    if (request_spec is None or
            'instance_group' not in request_spec.fields or
            not request_spec.obj_attr_is_set('instance_group') or
            request_spec.instance_group is None):
        return None
    return request_spec.instance_group.uuid


def _loads(expected_attrs):
    """The with_* keywords of instance_api for ``expected_attrs``."""
    expected_attrs = expected_attrs or ()
    return {'with_fault': 'fault' in expected_attrs,
            'with_fixed_ips': 'fixed_ips' in expected_attrs}


@base.NovaLiteObjectRegistry.register
class Instance(base.TrackedMutableFields, base.NovaLitePersistentObject,
               base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: Added fixed_ips (optional, see expected_attrs)
    # Version 1.2: save() takes action_event
    # Version 1.3: Added locked_reason
    VERSION = '1.3'

    _tracked_fields = ('metadata',)

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor', nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.StringField(nullable=True),
        'locked_reason': fields.StringField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'metadata': fields.DictOfStringsField(default={}),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        'fixed_ips': fields.ListOfObjectsField('FixedIP'),
    })

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        if target < (1, 3):
            primitive.pop('locked_reason', None)
        if target < (1, 1):
            primitive.pop('fixed_ips', None)

    @staticmethod
    def _from_db_object(context, instance, db_inst, expected_attrs=None,
                        flavors=None):
        """Fill ``instance`` from a dict of instance_api.

        ``fault`` and ``fixed_ips`` are set only when the dict carries them
        (they were asked for); otherwise what was loaded before is kept.
        ``flavors``: a memo of Flavors shared by the instances of a list.
        """
        base.from_db_object(context, instance, db_inst, skip=_NOT_COLUMNS)
        instance.flavor = flavor_obj.flavor_from_json(db_inst['flavor'], flavors)
        instance.metadata = dict(db_inst['metadata'])
        if 'fault' in db_inst:
            db_fault = db_inst['fault']
            instance.fault = (None if db_fault is None else
                              instance_fault.InstanceFault._from_db_object(
                                  context, instance_fault.InstanceFault(),
                                  db_fault))
        if 'fixed_ips' in db_inst:
            instance.fixed_ips = [
                fixed_ip_obj.FixedIP._from_db_object(
                    context, fixed_ip_obj.FixedIP(), db_fixed_ip)
                for db_fixed_ip in db_inst['fixed_ips']]
        instance.obj_reset_changes(recursive=True)
        return instance

    @staticmethod
    def _db_values(changes):
        """What of ``changes`` goes to the instances row, in DB form."""
        values = dict(changes)
        for key in ('id', 'fault', 'fixed_ips', 'deleted', 'deleted_at'):
            values.pop(key, None)
        if 'flavor' in values:
            values['flavor'] = flavor_obj.flavor_to_json(values['flavor'])
        return values

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        """The instance; InstanceNotFound (honours context.read_deleted).

        ``expected_attrs``: 'fault' (the newest fault or None) and/or
        'fixed_ips' (a FixedIPList), loaded in the same round trip.
        """
        db_inst = db.instance_get_by_uuid(
            uuid, read_deleted=context.read_deleted,
            **_loads(expected_attrs))
        return cls._from_db_object(context, cls(), db_inst)

    @base.remotable
    def create(self):
        """Store a new instance (with its metadata); sets ``uuid`` if unset.

        InstanceExists if the uuid is taken.
        """
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        self.obj_set_defaults('locked', 'metadata')
        db_inst = db.instance_create(self._db_values(self.obj_get_changes()))
        self._from_db_object(self._context, self, db_inst)

    @base.remotable
    def save(self, expected_task_state=None, expected_vm_state=None,
             action_event=None):
        """Store the changed fields and metadata, compare-and-swap style.

        ``expected_task_state`` / ``expected_vm_state``: None for no check,
        else a state or a list of states (None in it meaning "no task").
        Raises UnexpectedTaskStateError / UnexpectedVMStateError (409) when
        the stored state is another one, InstanceNotFound when it is gone.

        ``action_event``: ``{'event': name, 'phase': 'start' or 'finish',
        'host': host}`` also records that step of the request's instance
        action once the save succeeded, in the same round trip: a compute
        then spends no calls of its own on the start and the success of a
        build. (A failure, with its traceback, goes through
        InstanceActionEvent.) Recording history never fails the save.
        """
        values = self._db_values(self.obj_get_changes())
        if (values or expected_task_state is not None
                or expected_vm_state is not None):
            stored = db.instance_update(
                self.uuid, values, expected_task_state=expected_task_state,
                expected_vm_state=expected_vm_state)
            # Every other field already holds what was written.
            self.updated_at = stored['updated_at']
            self.obj_reset_changes(recursive=True)
        if action_event:
            self._record_event(action_event)

    def _record_event(self, action_event):
        event = instance_action.InstanceActionEvent
        name = action_event['event']
        try:
            if action_event.get('phase') == 'finish':
                event.event_finish(self._context, self.uuid, name,
                                   want_result=False)
            else:
                event.event_start(self._context, self.uuid, name,
                                  want_result=False,
                                  host=action_event.get('host'))
        except exception.NotFound as exc:
            LOG.debug('Event %(event)s not recorded: %(err)s',
                      {'event': name, 'err': exc.format_message()},
                      instance_uuid=self.uuid)

    @base.remotable
    def destroy(self):
        """Soft-delete the instance and release what it holds, exactly once.

        One transaction soft-deletes the instance and its metadata and
        deletes its allocations and fixed IPs. Of concurrent callers exactly
        one succeeds; the others (and any later call) get InstanceNotFound
        and release nothing. Returns how many allocation rows were released
        (0 for an instance that was never placed), and logs it.
        """
        if not self.obj_attr_is_set('uuid'):
            raise exception.ObjectActionError(action='destroy',
                                              reason='no uuid')
        db_inst, allocations, fixed_ips = db.instance_destroy(self.uuid)
        LOG.info('Released %(count)d allocation(s) of instance %(uuid)s',
                 {'count': allocations, 'uuid': self.uuid})
        if fixed_ips:
            LOG.info('Released %(count)d fixed IP(s) of instance %(uuid)s',
                     {'count': fixed_ips, 'uuid': self.uuid})
        self._from_db_object(self._context, self, db_inst)
        if self.obj_attr_is_set('fixed_ips'):
            self.fixed_ips = []
            self.obj_reset_changes(['fixed_ips'])
        return allocations


@base.NovaLiteObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: Instance 1.1; added create_for_build()
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('Instance'),
    }

    @classmethod
    def _from_db_list(cls, context, db_insts):
        return base.obj_make_list(context, cls(context), Instance, db_insts,
                                  flavors={})

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters, sort_key='created_at',
                       sort_dir='desc', limit=None, marker=None,
                       expected_attrs=None):
        """Instances matching ``filters``, sorted and paged.

        ``filters``: exact matches on project_id, user_id, uuid, host,
        node, vm_state, task_state (a list matches any of its items),
        ``deleted`` (bool), ``name`` (case-insensitive regular expression
        on display_name). ``marker``: the uuid of the previous page's last
        instance (MarkerNotFound, 400, if unknown). ``expected_attrs``:
        'fault' and/or 'fixed_ips', one more query each for the page, in
        the same round trip. A constant number of queries, whatever the
        number of instances.
        """
        db_insts = db.instance_get_all_by_filters(
            filters, sort_key=sort_key, sort_dir=sort_dir, limit=limit,
            marker=marker, read_deleted=context.read_deleted,
            **_loads(expected_attrs))
        return cls._from_db_list(context, db_insts)

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host, expected_attrs=None):
        """The instances on ``host`` (honours context.read_deleted)."""
        db_insts = db.instance_get_all_by_filters(
            {'host': host}, sort_key='id', sort_dir='asc',
            read_deleted=context.read_deleted, **_loads(expected_attrs))
        return cls._from_db_list(context, db_insts)

    @staticmethod
    def _build_values(context, instance, index):
        """The row values of one instance of a boot request."""
        if instance.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create_for_build',
                                              reason='already created')
        # Leave the caller's object alone, as a call to the conductor does.
        instance = instance.obj_clone()
        defaults = {'uuid': uuidutils.generate_uuid(),
                    'user_id': context.user_id,
                    'project_id': context.project_id,
                    'vm_state': vm_states.BUILDING,
                    'task_state': task_states.SCHEDULING,
                    'launch_index': index}
        for name, value in defaults.items():
            if not instance.obj_attr_is_set(name):
                setattr(instance, name, value)
        instance.obj_set_defaults('locked', 'metadata')
        return Instance._db_values(instance.obj_get_changes())

    @classmethod
    @base.remotable
    def create_for_build(cls, context, instances, request_spec):
        """Create the N instances of one boot request, in one transaction.

        ``instances``: new Instance objects (an InstanceList or a list).
        Unset fields get a new uuid, the context's user and project,
        vm_state building, task_state scheduling and launch_index = their
        position. Each gets its metadata, a RequestSpec (a copy of
        ``request_spec`` with its instance_uuid) and an InstanceAction
        'create' of the context's request_id, user and project, started
        now. With a server group in the spec (``instance_group``), they
        become its members in the same transaction. Either all of it is
        stored or nothing is (InstanceExists if a uuid is taken,
        InstanceGroupNotFound if the group is gone). The project's quota
        and the group's member quota are counted again as the rows are
        written (OverQuota, ServerGroupMembersLimitExceeded: nothing is
        left; see ``quotas.create_within_quota``). Returns the created
        instances as an InstanceList; the objects passed in are not
        updated.
        """
        values, specs = [], []
        for index, instance in enumerate(instances):
            values.append(cls._build_values(context, instance, index))
            spec = request_spec.obj_clone()
            spec.instance_uuid = values[-1]['uuid']
            spec.obj_set_defaults('num_instances', 'scheduler_hints')
            specs.append(spec._to_json())
        action = {'action': 'create', 'request_id': context.request_id,
                  'user_id': context.user_id,
                  'project_id': context.project_id,
                  'start_time': timeutils.utcnow()}
        return cls._from_db_list(context, quotas_obj.create_within_quota(
            values, specs, action, _group_uuid(request_spec)))
