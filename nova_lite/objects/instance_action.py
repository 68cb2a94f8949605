"""InstanceAction and InstanceActionEvent: the history of a server.

An action is one request (``context.request_id``) on an instance: "create",
"reboot"... Its events are the steps services record while carrying it out
("compute_reboot_instance"), each with a result. Event methods find their
action through the instance uuid and the request id of the context.
"""

import traceback

from oslo_utils import timeutils

from nova_lite import db as db_pkg
from nova_lite.objects import base
from nova_lite.objects import fields

db = db_pkg.lazy('action_api')

SUCCESS = 'Success'
# InstanceActionList filters: times as ISO 8601 strings.
_TIME_FILTERS = ('changes-since', 'changes-before')
ERROR = 'Error'


@base.NovaLiteObjectRegistry.register
class InstanceAction(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'action': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=True),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, action, db_action):
        return base.from_db_object(context, action, db_action)

    @classmethod
    def _result(cls, context, db_action, want_result):
        if not want_result:
            return None
        return cls._from_db_object(context, cls(), db_action)

    @classmethod
    @base.remotable
    def action_start(cls, context, instance_uuid, action_name,
                     want_result=True):
        """Record that the context's request started ``action_name``."""
        now = timeutils.utcnow()
        db_action = db.action_start({
            'action': action_name, 'instance_uuid': instance_uuid,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id,
            'start_time': now, 'updated_at': now})
        return cls._result(context, db_action, want_result)

    @classmethod
    @base.remotable
    def action_finish(cls, context, instance_uuid, want_result=True):
        """Record that the context's request finished its action."""
        db_action = db.action_finish(instance_uuid, context.request_id,
                                     {'finish_time': timeutils.utcnow()})
        return cls._result(context, db_action, want_result)

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid, request_id):
        """The action of ``request_id`` on the instance, or None."""
        db_action = db.action_get_by_request_id(instance_uuid, request_id)
        if db_action is None:
            return None
        return cls._from_db_object(context, cls(), db_action)


@base.NovaLiteObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: get_by_instance_uuid() takes filters
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceAction'),
    }

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None, filters=None):
        """Actions on the instance, newest first; marker is a request id.

        ``filters``: ``changes-since`` and/or ``changes-before`` (ISO 8601
        strings): actions updated in that period. MarkerNotFound (400) for
        a marker that is no request of the instance.
        """
        times = {key: timeutils.normalize_time(timeutils.parse_isotime(value))
                 for key, value in (filters or {}).items()
                 if key in _TIME_FILTERS and value is not None}
        db_actions = db.actions_get(instance_uuid, limit=limit, marker=marker,
                                    filters=times)
        return base.obj_make_list(context, cls(context), InstanceAction,
                                  db_actions)


@base.NovaLiteObjectRegistry.register
class InstanceActionEvent(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'event': fields.StringField(nullable=True),
        'action_id': fields.IntegerField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, event, db_event):
        return base.from_db_object(context, event, db_event)

    @classmethod
    def _result(cls, context, db_event, want_result):
        if not want_result:
            return None
        return cls._from_db_object(context, cls(), db_event)

    @classmethod
    @base.remotable
    def event_start(cls, context, instance_uuid, event_name,
                    want_result=True, host=None):
        """Record the start of ``event_name`` in the request's action.

        InstanceActionNotFound if the request recorded no action.
        """
        db_event = db.action_event_start(
            instance_uuid, context.request_id,
            {'event': event_name, 'start_time': timeutils.utcnow(),
             'host': host})
        return cls._result(context, db_event, want_result)

    @classmethod
    @base.remotable
    def event_finish(cls, context, instance_uuid, event_name,
                     want_result=True):
        """Record that ``event_name`` succeeded."""
        db_event = db.action_event_finish(
            instance_uuid, context.request_id, event_name,
            {'finish_time': timeutils.utcnow(), 'result': SUCCESS},
            want_row=want_result)
        return cls._result(context, db_event, want_result)

    @classmethod
    def event_finish_with_failure(cls, context, instance_uuid, event_name,
                                  exc_val=None, exc_tb=None,
                                  want_result=None):
        """Record that ``event_name`` failed, with the exception.

        Called where the exception happened (often a compute), so the
        exception and traceback become strings here, before they cross
        RPC. The action is marked 'Error' too.
        """
        if exc_val is not None:
            exc_val = str(exc_val)
        if exc_tb is not None and not isinstance(exc_tb, str):
            exc_tb = ''.join(traceback.format_tb(exc_tb))
        return cls._event_finish_with_failure(
            context, instance_uuid, event_name, exc_val=exc_val,
            exc_tb=exc_tb, want_result=want_result)

    @classmethod
    @base.remotable
    def _event_finish_with_failure(cls, context, instance_uuid, event_name,
                                   exc_val=None, exc_tb=None,
                                   want_result=None):
        values = {'finish_time': timeutils.utcnow(),
                  'result': ERROR if exc_tb or exc_val else SUCCESS,
                  'details': exc_val, 'traceback': exc_tb}
        db_event = db.action_event_finish(instance_uuid, context.request_id,
                                          event_name, values,
                                          want_row=bool(want_result))
        return cls._result(context, db_event, want_result)


@base.NovaLiteObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceActionEvent'),
    }

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id):
        """The events of an action, newest first."""
        db_events = db.action_events_get(action_id)
        return base.obj_make_list(context, cls(context), InstanceActionEvent,
                                  db_events)
