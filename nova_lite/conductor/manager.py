"""The conductor's RPC endpoints: object indirection and workflows.

Managers dispatch; multi-step workflows live in ``conductor/tasks/``.
"""

import copy

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import versionutils

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.conductor.tasks import build
from nova_lite.conductor.tasks import migrate
from nova_lite.db import api as db_api
from nova_lite import exception
from nova_lite import manager
from nova_lite.objects import base as obj_base
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)


class ConductorManager(manager.Manager):
    """Runs remotable object methods on behalf of the other services.

    NOTE: ``target.version`` and ``ConductorAPI.VERSION`` move together.
    """

    target = messaging.Target(version='1.0')

    def __init__(self, host=None, service_name='conductor'):
        super().__init__(host=host, service_name=service_name)
        self.compute_task_mgr = ComputeTaskManager(host=self.host)

    @property
    def additional_endpoints(self):
        return [self.compute_task_mgr]

    def reset(self):
        self.compute_task_mgr.reset()

    def init_host(self):
        # The conductor is the one service that may open the database.
        db_api.allow_connections('nova-lite-conductor')

    @staticmethod
    def _dispatch(target, method, args, kwargs):
        """Call ``target.method``; our own exceptions are expected ones.

        Wrapping them in ExpectedException keeps oslo.messaging from logging
        a traceback for a NotFound or a state conflict, which callers handle.
        """
        try:
            return getattr(target, method)(*args, **kwargs)
        except exception.NovaLiteException:
            raise messaging.ExpectedException()

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        objclass = obj_base.NovaLiteObject.obj_class_from_name(
            objname, object_versions[objname])
        result = self._dispatch(objclass, objmethod, (context,) + tuple(args),
                                kwargs)
        # The serializer would send the object at our newest version; the
        # caller told us what it can read, so backport here when needed.
        if isinstance(result, obj_base.NovaLiteObject):
            wanted = object_versions.get(result.obj_name(), result.VERSION)
            if (versionutils.convert_version_to_tuple(wanted) !=
                    versionutils.convert_version_to_tuple(result.VERSION)):
                return result.obj_to_primitive(
                    target_version=wanted, version_manifest=object_versions)
        return result

    def object_action(self, context, objinst, objmethod, args, kwargs):
        before = _field_values(objinst)
        result = self._dispatch(objinst, objmethod, args, kwargs)
        # Send back only what the method changed, as primitives the caller's
        # fields can take; the caller applies them to its own copy.
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            value = getattr(objinst, name)
            if name not in before or _changed(before[name], value):
                updates[name] = field.to_primitive(objinst, name, value)
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        return objinst.obj_to_primitive(
            target_version=object_versions[objinst.obj_name()],
            version_manifest=object_versions)


def _field_values(objinst):
    """The object's set fields, enough to tell later what a method changed.

    Cheaper than a deep copy of the object: dicts and lists are copied one
    level deep (methods replace or update them, element by element), and
    nested objects are kept by identity (methods replace them).
    """
    values = {}
    for name in objinst.fields:
        if objinst.obj_attr_is_set(name):
            value = getattr(objinst, name)
            if isinstance(value, (dict, list)):
                value = copy.copy(value)
            values[name] = value
    return values


def _changed(old, new):
    if isinstance(new, obj_base.NovaLiteObject):
        return new is not old or bool(new.obj_what_changed())
    if isinstance(new, list) and any(
            isinstance(item, obj_base.NovaLiteObject) for item in new):
        return (len(new) != len(old) or
                any(a is not b for a, b in zip(new, old)))
    return new != old


class ComputeTaskManager:
    """The conductor's workflows: build and rebuild-elsewhere of instances.

    Served on the conductor topic next to ``ConductorManager``, in the
    ``compute_task`` namespace. Each method runs a task of
    ``conductor/tasks/``; all are casts, so nothing is returned.

    NOTE: ``target.version`` and ``ComputeTaskAPI.VERSION`` move together.
    """

    target = messaging.Target(namespace='compute_task', version='1.1')

    def __init__(self, host=None):
        self.host = host
        self.scheduler_client = scheduler_rpcapi.SchedulerAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()

    def reset(self):
        """SIGHUP: recompute the RPC version caps on next use."""
        self.scheduler_client.reset()
        self.compute_rpcapi.reset()

    def schedule_and_build_instances(self, context, instances, request_spec,
                                     image_ref, requested_networks):
        build.ScheduleAndBuildTask(
            context, self.host, instances, request_spec, image_ref,
            requested_networks, self.scheduler_client,
            self.compute_rpcapi).execute()

    def build_instances(self, context, instance, request_spec, alternates,
                        num_attempts):
        build.RescheduleTask(
            context, self.host, instance, request_spec, alternates,
            num_attempts, self.compute_rpcapi).execute()

    def migrate_server(self, context, instance, flavor, request_spec):
        migrate.MigrationTask(
            context, self.host, instance, flavor, request_spec,
            self.scheduler_client, self.compute_rpcapi).execute()
