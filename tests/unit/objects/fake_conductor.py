"""An in-process stand-in for nova-lite-conductor's object indirection.

Set as ``NovaLiteObject.indirection_api``, it receives remotable calls as
the conductor's RPC server would: arguments, objects and results make a
JSON round trip through ``NovaLiteObjectSerializer`` (and the context
through its dict form), the method runs with indirection turned off (as
in the conductor, which has no indirection_api), and for instance methods
the changed fields go back as updates, the way nova's conductor computes
them.
"""

import contextlib

from oslo_serialization import jsonutils

from nova_lite import context as nl_context
from nova_lite.objects import base


class FakeConductor:

    def __init__(self):
        self.serializer = base.NovaLiteObjectSerializer()
        self.calls = []

    def _wire(self, context, value):
        primitive = self.serializer.serialize_entity(context, value)
        primitive = jsonutils.loads(jsonutils.dumps(primitive))
        return self.serializer.deserialize_entity(context, primitive)

    @staticmethod
    def _wire_context(context):
        return nl_context.RequestContext.from_dict(
            jsonutils.loads(jsonutils.dumps(context.to_dict())))

    @staticmethod
    @contextlib.contextmanager
    def _as_conductor():
        saved = base.NovaLiteObject.indirection_api
        base.NovaLiteObject.indirection_api = None
        try:
            yield
        finally:
            base.NovaLiteObject.indirection_api = saved

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        self.calls.append((objname, objmethod))
        context = self._wire_context(context)
        args = self._wire(context, list(args))
        kwargs = self._wire(context, kwargs)
        cls = base.NovaLiteObject.obj_class_from_name(
            objname, object_versions[objname])
        with self._as_conductor():
            result = getattr(cls, objmethod)(context, *args, **kwargs)
        return self._wire(context, result)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        self.calls.append((objinst.obj_name(), objmethod))
        context = self._wire_context(context)
        objinst = self._wire(context, objinst)
        args = self._wire(context, list(args))
        kwargs = self._wire(context, kwargs)
        before = objinst.obj_clone()
        with self._as_conductor():
            result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            if (not before.obj_attr_is_set(name)
                    or getattr(before, name) != getattr(objinst, name)):
                updates[name] = field.to_primitive(
                    objinst, name, getattr(objinst, name))
        updates['obj_what_changed'] = sorted(objinst.obj_what_changed())
        return self._wire(context, updates), self._wire(context, result)

    def object_backport_versions(self, context, objinst, object_versions):
        return objinst.obj_to_primitive(
            target_version=object_versions[objinst.obj_name()],
            version_manifest=object_versions)
