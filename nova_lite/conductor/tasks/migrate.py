"""The conductor's part of a resize: choose the destination, hand over.

The API has set the instance's task_state to ``resize_prep`` and cast
``migrate_server`` here. This task

1. records a Migration (status ``pre-migrating``, the old and new flavors,
   the source host and node);
2. gives the instance's allocation on the source node to the migration
   (one atomic move), so the source stays held until confirm or revert;
3. asks the scheduler for a host for the new flavor; the claim there is
   made for the instance (with the source excluded unless the API allowed
   a resize to the same host: then both allocations sit on one node);
4. records the destination on the migration and casts ``prep_resize`` to
   the destination compute, which carries the resize on.

Anything failing before that cast is rolled back: the migration goes to
``error`` and its allocation back to the instance (which drops whatever
the instance claimed on a destination) in one transaction, the instance's
task_state is cleared (its vm_state is untouched: an ACTIVE server stays
ACTIVE), and the error is recorded as an instance fault and on the
request's action event.
"""

from oslo_log import log as logging

from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.conductor.tasks import base
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

MIGRATE_EVENT = 'conductor_migrate_server'


def resize_request_spec(request_spec, instance, flavor):
    """The spec to schedule the resize with (a copy): the new flavor, one
    instance, no forced host (the API's ignore_hosts is kept)."""
    spec = request_spec.obj_clone()
    spec.instance_uuid = instance.uuid
    spec.flavor = flavor
    spec.num_instances = 1
    spec.force_hosts = None
    spec.force_nodes = None
    if not spec.obj_attr_is_set('project_id') or not spec.project_id:
        spec.project_id = instance.project_id
    if not spec.obj_attr_is_set('user_id') or not spec.user_id:
        spec.user_id = instance.user_id
    return spec


class MigrationTask(base.TaskBase):
    """Schedule a resize of one instance and start it on the destination."""

    def __init__(self, context, host, instance, flavor, request_spec,
                 scheduler_client, compute_rpcapi):
        super().__init__(context, host)
        self.instance = instance
        self.flavor = flavor
        self.request_spec = request_spec
        self.scheduler_client = scheduler_client
        self.compute_rpcapi = compute_rpcapi
        self.migration = None

    def _execute(self):
        instance = self.instance
        with compute_utils.EventReporter(self.context, MIGRATE_EVENT,
                                         self.host, instance.uuid):
            self.migration = self._create_migration()
            moved = objects.AllocationList.move_to_consumer(
                self.context, instance.uuid, self.migration.uuid)
            LOG.info('Migration %(mig)s holds the source allocation '
                     '(%(n)d rows) on %(host)s',
                     {'mig': self.migration.uuid, 'n': moved,
                      'host': instance.host}, instance_uuid=instance.uuid)
            selection = self._select_destination()
            self.migration.dest_compute = selection.service_host
            self.migration.dest_node = selection.nodename
            self.migration.dest_host = selection.service_host
            self.migration.save()
            LOG.info('Resizing to flavor %(flavor)s on %(host)s',
                     {'flavor': self.flavor.flavorid,
                      'host': selection.service_host},
                     instance_uuid=instance.uuid)
            self.compute_rpcapi.prep_resize(
                self.context, instance=instance, flavor=self.flavor,
                migration=self.migration, request_spec=self.request_spec,
                host=selection.service_host)

    def _create_migration(self):
        instance = self.instance
        migration = objects.Migration(
            context=self.context, instance_uuid=instance.uuid,
            migration_type='resize',
            status=migration_obj.PRE_MIGRATING,
            source_compute=instance.host, source_node=instance.node,
            old_flavor=instance.flavor, new_flavor=self.flavor,
            project_id=instance.project_id, user_id=instance.user_id)
        migration.create()
        return migration

    def _select_destination(self):
        spec = resize_request_spec(self.request_spec, self.instance,
                                   self.flavor)
        selections = self.scheduler_client.select_destinations(
            self.context, spec, [self.instance.uuid],
            return_alternates=False)
        return selections[0][0]

    def rollback(self, exc, exc_tb):
        instance = self.instance
        if self.migration is not None:
            self.migration.status = migration_obj.ERROR
            try:
                self.migration.save(allocations='revert')
            except Exception:
                LOG.exception('Could not give the source allocation back '
                              'to the instance', instance_uuid=instance.uuid)
        compute_utils.add_instance_fault_from_exc(self.context, instance,
                                                  exc, self.host, exc_tb)
        instance.task_state = None
        try:
            instance.save(expected_task_state=[task_states.RESIZE_PREP])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as save_exc:
            LOG.info('Not clearing the task state after the failed '
                     'resize: %s', save_exc.format_message(),
                     instance_uuid=instance.uuid)
            return
        LOG.warning('Resize failed before reaching a destination; the '
                    'instance stays %(state)s: %(err)s',
                    {'state': instance.vm_state,
                     'err': compute_utils.fault_from_exc(exc)[1]},
                    instance_uuid=instance.uuid)
