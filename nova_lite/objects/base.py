"""The base of every nova_lite object, on oslo.versionedobjects.

Remotable methods (``@remotable``, ``@remotable_classmethod``) run where the
database is: in nova-lite-conductor. Every other binary sets
``NovaLiteObject.indirection_api`` to the conductor's RPC client at start,
so calling such a method there sends it to the conductor instead.
"""

import datetime

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import exception as ovo_exc
from oslo_versionedobjects import fields as ovo_fields

from nova_lite.objects import fields

remotable = ovo_base.remotable
remotable_classmethod = ovo_base.remotable_classmethod
obj_tree_get_versions = ovo_base.obj_tree_get_versions


class NovaLiteObjectRegistry(ovo_base.VersionedObjectRegistry):
    """Expose the newest version of each class as ``nova_lite.objects.X``."""

    def registration_hook(self, cls, index):
        import nova_lite.objects
        current = getattr(nova_lite.objects, cls.obj_name(), None)
        if current is None or (
                versionutils.convert_version_to_tuple(cls.VERSION) >=
                versionutils.convert_version_to_tuple(current.VERSION)):
            setattr(nova_lite.objects, cls.obj_name(), cls)


class NovaLiteObject(ovo_base.VersionedObject):
    """Base class of nova_lite objects.

    A subclass keeps a version history comment above ``VERSION`` and, when a
    version adds fields, an ``obj_make_compatible`` that removes them for an
    older peer (newest first).
    """

    OBJ_SERIAL_NAMESPACE = 'nova_lite_object'
    OBJ_PROJECT_NAMESPACE = 'nova_lite'

    # oslo.versionedobjects answers the two questions below by building the
    # list of every field name for each field it looks at, which makes
    # serializing an object quadratic in its number of fields (half the
    # conductor's time in a list of servers). The same answers, with dict
    # lookups:

    def obj_attr_is_set(self, attrname):
        """True if the field has a value; AttributeError if no such field."""
        if (attrname not in self.fields and
                attrname not in self.obj_extra_fields):
            raise AttributeError('%s object has no attribute %s'
                                 % (self.obj_name(), attrname))
        return hasattr(self, get_attrname(attrname))

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        """As oslo.versionedobjects does, minus a second coercion.

        A scalar field's ``from_primitive`` already returns its final type
        (a str, an int, an aware datetime); assigning through the field
        would coerce it once more. Dicts, lists, sets, objects and
        addresses still go through the field, which wraps or converts them.
        """
        self = cls()
        self._context = context
        self.VERSION = objver
        objdata = cls._obj_primitive_field(primitive, 'data')
        changes = cls._obj_primitive_field(primitive, 'changes', [])
        scalars = _fields_of_type(cls, _SCALAR_TYPES)
        datetimes = _fields_of_type(cls, (ovo_fields.DateTime,))
        for name, field in self.fields.items():
            if name in objdata:
                value = objdata[name]
                if name in datetimes and isinstance(value, str):
                    value = _parse_datetime(field, self, name, value)
                else:
                    value = field.from_primitive(self, name, value)
                if name in scalars:
                    setattr(self, get_attrname(name), value)
                else:
                    setattr(self, name, value)
        self._changed_fields = {x for x in changes if x in self.fields}
        return self

    def obj_what_changed(self):
        """The changed fields, and object fields whose object changed."""
        changes = {name for name in self._changed_fields
                   if name in self.fields}
        for name in _fields_of_type(type(self), _OBJECT_TYPES):
            value = getattr(self, get_attrname(name), None)
            if (isinstance(value, ovo_base.VersionedObject)
                    and value.obj_what_changed()):
                changes.add(name)
        return changes

    def obj_load_attr(self, attrname):
        raise ovo_exc.ObjectActionError(
            action='obj_load_attr',
            reason='attribute %s not lazy-loadable' % attrname)


def _parse_datetime(field, obj, name, text):
    """A DateTime field's primitive (``2026-11-21T20:07:31Z``) as an aware
    datetime: the standard library's parser, several times faster than
    the iso8601 module the field uses, which stays the fallback."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return field.from_primitive(obj, name, text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


_OBJECT_TYPES = (ovo_fields.Object,)
# Types whose from_primitive already returns the field's value.
_SCALAR_TYPES = (ovo_fields.String, ovo_fields.StringPattern,
                 ovo_fields.Integer, ovo_fields.Float, ovo_fields.Boolean,
                 ovo_fields.DateTime)
_FIELD_NAMES = {}


def _fields_of_type(cls, types):
    """Names of ``cls``'s fields whose type is one of ``types`` (kept)."""
    names = _FIELD_NAMES.get((cls, types))
    if names is None:
        names = _FIELD_NAMES[cls, types] = frozenset(
            name for name, field in cls.fields.items()
            if isinstance(getattr(field, '_type', None), types))
    return names


class NovaLitePersistentObject:
    """Mixin of the soft-delete and timestamp columns of a DB-backed object.

    Class attributes only: list it before ``NovaLiteObject`` so ``fields``
    merge (``fields = dict(NovaLitePersistentObject.fields, **{...})``).
    """

    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    }


class TimestampedObject:
    """Mixin for objects whose rows are hard-deleted (no soft delete)."""

    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }


def _plain_copy(value):
    """A copy made of plain dicts and lists.

    (oslo.versionedobjects' CoercedDict/CoercedList point back at their
    object, so deepcopy would copy the whole object graph.)
    """
    if isinstance(value, dict):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain_copy(item) for item in value]
    return value


class TrackedMutableFields:
    """Notice in-place changes of dict and list fields.

    oslo.versionedobjects records assignments only, so
    ``instance.metadata['k'] = 'v'`` would go unsaved. A class that mixes
    this in (before ``NovaLiteObject``) names such fields in
    ``_tracked_fields``; their values are copied whenever changes are reset
    (and after deserialization), and a field whose value no longer equals
    its copy counts as changed.
    """

    _tracked_fields = ()

    def _snapshot_tracked(self, names):
        copies = self.__dict__.setdefault('_tracked_copies', {})
        for name in names:
            if name not in self._tracked_fields:
                continue
            if self.obj_attr_is_set(name):
                copies[name] = _plain_copy(getattr(self, name))
            else:
                copies.pop(name, None)

    def obj_reset_changes(self, fields=None, recursive=False):
        super().obj_reset_changes(fields=fields, recursive=recursive)
        self._snapshot_tracked(fields or self._tracked_fields)

    def obj_what_changed(self):
        changes = super().obj_what_changed()
        copies = self.__dict__.get('_tracked_copies', {})
        for name in self._tracked_fields:
            if (name in copies and self.obj_attr_is_set(name)
                    and getattr(self, name) != copies[name]):
                changes.add(name)
        return changes

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        self = super()._obj_from_primitive(context, objver, primitive)
        self._snapshot_tracked([name for name in self._tracked_fields
                                if name not in self._changed_fields])
        return self

    def __deepcopy__(self, memo):
        clone = super().__deepcopy__(memo)
        clone._tracked_copies = _plain_copy(
            self.__dict__.get('_tracked_copies', {}))
        return clone


class ObjectListBase(ovo_base.ObjectListBase):
    """Base of ``XxxList`` objects; ``child_versions`` is not needed."""


class NovaLiteObjectSerializer(ovo_base.VersionedObjectSerializer):
    """Serializes NovaLiteObjects; asks the conductor to backport newer ones.

    When this process receives an object newer than it knows, the base
    class calls ``indirection_api.object_backport_versions`` (set on
    non-conductor binaries), which returns the object at our versions.
    """

    OBJ_BASE_CLASS = NovaLiteObject


def obj_to_primitive(obj):
    """Plain Python types of an object (list, dict, scalars), recursively."""
    if isinstance(obj, (ObjectListBase, list, tuple)):
        return [obj_to_primitive(x) for x in obj]
    if isinstance(obj, NovaLiteObject):
        result = {}
        for key in obj.obj_fields:
            if obj.obj_attr_is_set(key) or key in obj.obj_extra_fields:
                result[key] = obj_to_primitive(getattr(obj, key))
        return result
    return obj


def get_attrname(name):
    """Where oslo.versionedobjects stores the value of field ``name``."""
    return '_obj_' + name


# Field types whose value from the database is already the field's value
# when it has the column's Python type (a str, an int): no coercion needed.
_DB_NATIVE = ((ovo_fields.String, str), (ovo_fields.Integer, int))


_NATIVE_BY_CLASS = {}


def _native_fields(cls):
    """{field name: the Python type it takes from the DB as it is}."""
    native = _NATIVE_BY_CLASS.get(cls)
    if native is None:
        native = _NATIVE_BY_CLASS[cls] = {
            name: python_type for field_type, python_type in _DB_NATIVE
            for name in _fields_of_type(cls, (field_type,))}
    return native


def from_db_object(context, obj, db_obj, skip=()):
    """Fill ``obj``'s plain fields from a DB row (or dict) and return it.

    A str for a string field and an int for an integer field are stored as
    they are (coercing them again is most of the cost of building a large
    list); anything else goes through the field.
    """
    native = _native_fields(type(obj))
    for key in obj.fields:
        if key in skip:
            continue
        value = (db_obj[key] if isinstance(db_obj, dict)
                 else getattr(db_obj, key))
        if type(value) is native.get(key):
            setattr(obj, get_attrname(key), value)
        else:
            setattr(obj, key, value)
    obj._context = context
    obj.obj_reset_changes()
    return obj


def obj_make_list(context, list_obj, item_cls, db_list, **extra_args):
    """Fill ``list_obj`` with ``item_cls`` objects built from DB rows."""
    list_obj.objects = []
    for db_item in db_list:
        item = item_cls._from_db_object(context, item_cls(), db_item,
                                        **extra_args)
        list_obj.objects.append(item)
    list_obj._context = context
    list_obj.obj_reset_changes()
    return list_obj
