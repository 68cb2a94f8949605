"""Service: one running nova-lite-* process on a host, and service versions.

Each service records the ``SERVICE_VERSION`` of its code in the services
table. ``[upgrade_levels] X = auto`` reads the lowest version of the X
services and maps it through ``SERVICE_VERSION_HISTORY`` to the RPC API
versions every peer understands.
"""

from oslo_utils import uuidutils
from oslo_utils import versionutils

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('service_api')

# The version of this code's services. Bump it (and append an entry to
# SERVICE_VERSION_HISTORY) whenever an RPC API version changes, so peers can
# tell what this service speaks.
SERVICE_VERSION = 2

# Index N: the RPC API versions a service of version N speaks.
SERVICE_VERSION_HISTORY = (
    # Version 0: before the history existed (a row that reports no
    # version)
    {'compute_rpc': '1.0', 'conductor_rpc': '1.0',
     'compute_task_rpc': '1.0', 'scheduler_rpc': '1.0'},
    # Version 1: first release (aurora)
    {'compute_rpc': '1.0', 'conductor_rpc': '1.0',
     'compute_task_rpc': '1.0', 'scheduler_rpc': '1.0'},
    # Version 2: server actions (compute 1.1), resize (compute 1.2,
    # compute_task 1.1: migrate_server)
    {'compute_rpc': '1.2', 'conductor_rpc': '1.0',
     'compute_task_rpc': '1.1', 'scheduler_rpc': '1.0'},
)

# Release name -> the service version that release shipped, for
# "[upgrade_levels] compute = <release>".
RELEASES = {'aurora': 1}


@base.NovaLiteObjectRegistry.register
class Service(base.NovaLitePersistentObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: Added uuid (os-services ids at API microversion 2.53)
    VERSION = '1.1'

    fields = dict(base.NovaLitePersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(nullable=True),
        'binary': fields.StringField(nullable=True),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(default=0),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'version': fields.IntegerField(),
    })

    def __init__(self, *args, **kwargs):
        # Against the usual rule (no work in __init__): a Service built in
        # a process carries that process's code version unless told
        # otherwise, and that is what create() records, even though the
        # conductor runs it. Objects loaded from the database get the
        # stored version back.
        super().__init__(*args, **kwargs)
        if 'version' not in kwargs:
            self.version = SERVICE_VERSION

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        if target < (1, 1):
            primitive.pop('uuid', None)

    def enable(self):
        """Let the scheduler use this service again (``save()`` stores it)."""
        self.disabled = False
        self.disabled_reason = None

    def disable(self, reason=None):
        """Keep the scheduler away from this service, saying why
        (``save()`` stores it)."""
        self.disabled = True
        self.disabled_reason = reason

    @staticmethod
    def _from_db_object(context, service, db_service):
        return base.from_db_object(context, service, db_service)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, service_id):
        """The live service of ``id``; ServiceNotFound if none."""
        return cls._from_db_object(context, cls(),
                                   db.service_get(service_id))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, service_uuid):
        """The live service of ``uuid``; ServiceNotFound if none."""
        return cls._from_db_object(context, cls(),
                                   db.service_get_by_uuid(service_uuid))

    @classmethod
    @base.remotable
    def get_by_host_and_binary(cls, context, host, binary):
        """The live service of ``binary`` on ``host``, or None."""
        db_service = db.service_get_by_host_and_binary(host, binary)
        if db_service is None:
            return None
        return cls._from_db_object(context, cls(), db_service)

    @classmethod
    def get_by_host_and_binary_or_raise(cls, context, host, binary):
        """Like get_by_host_and_binary; HostBinaryNotFound (404) if none.

        What ``nova-lite-manage service`` and the os-services actions
        below microversion 2.53 look services up with.
        """
        service = cls.get_by_host_and_binary(context, host, binary)
        if service is None:
            raise exception.HostBinaryNotFound(host=host, binary=binary)
        return service

    @classmethod
    @base.remotable
    def get_minimum_version(cls, context, binary):
        """Lowest version of live, not forced-down ``binary``; 0 if none."""
        return db.service_get_minimum_version(binary)

    def _check_minimum_version(self):
        """Refuse to register code older than the running deployment."""
        minimum = db.service_get_minimum_version(self.binary)
        if minimum > self.version:
            raise exception.ServiceTooOld(thisver=self.version,
                                          minver=minimum)

    @base.remotable
    def create(self):
        """Register the service; sets ``uuid`` if unset.

        ServiceBinaryExists if ``binary`` already runs on ``host``;
        ServiceTooOld if the deployment already runs newer services.
        """
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        self._check_minimum_version()
        db_service = db.service_create(self.obj_get_changes())
        self._from_db_object(self._context, self, db_service)

    @base.remotable
    def save(self):
        """Store the changes; a new ``report_count`` refreshes last_seen_up."""
        updates = self.obj_get_changes()
        updates.pop('id', None)
        if not updates:
            return
        db_service = db.service_update(self.id, updates)
        self._from_db_object(self._context, self, db_service)

    @base.remotable
    def destroy(self):
        """Soft-delete the service (and, for a compute, its nodes).

        ComputeHostHasInstances (409) if it is a compute whose host still
        has live instances.
        """
        db.service_destroy(self.id)


@base.NovaLiteObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: get_all() takes host and binary
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('Service'),
    }

    @classmethod
    def _make(cls, context, db_services):
        return base.obj_make_list(context, cls(context), Service, db_services)

    @classmethod
    @base.remotable
    def get_all(cls, context, disabled=None, include_deleted=False,
                host=None, binary=None):
        """All services, by id; ``disabled`` True/False narrows to
        (en|dis)abled ones, ``host`` and ``binary`` to exact matches."""
        read_deleted = 'yes' if include_deleted else 'no'
        return cls._make(context, db.service_get_all(
            disabled=disabled, read_deleted=read_deleted, host=host,
            binary=binary))

    @classmethod
    @base.remotable
    def get_by_binary(cls, context, binary):
        """The live services of ``binary``, enabled or not."""
        return cls._make(context, db.service_get_all(binary=binary))

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        """The live services on ``host``."""
        return cls._make(context, db.service_get_all(host=host))
