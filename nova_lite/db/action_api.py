"""Query functions of instance actions and their events.

An action is one user request on an instance (``request_id``); its events
are the steps the services record while they carry it out. Events find
their action by instance uuid and request id, newest first.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

_ERROR = 'Error'
_EVENTS = models.InstanceActionEvent.__table__
_EVENT_COLUMNS = tuple(column.name for column in _EVENTS.columns)


def _newest_action(instance_uuid, request_id, what):
    """SELECT ``what`` of the request's newest action on the instance."""
    action = models.InstanceAction
    return sa.select(what).where(
        action.instance_uuid == instance_uuid,
        action.request_id == request_id).order_by(
            action.created_at.desc(), action.id.desc()).limit(1)


def _action_by_request(session, instance_uuid, request_id):
    return session.scalars(_newest_action(
        instance_uuid, request_id, models.InstanceAction)).first()


def _require_action(session, instance_uuid, request_id):
    row = _action_by_request(session, instance_uuid, request_id)
    if row is None:
        raise exception.InstanceActionNotFound(
            request_id=request_id, instance_uuid=instance_uuid)
    return row


@api.retry_on_deadlock
def action_start(values):
    """Record the start of an action; InstanceNotFound if no such instance."""
    row = models.InstanceAction()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
    except db_exc.DBReferenceError:
        raise exception.InstanceNotFound(
            instance_id=values.get('instance_uuid'))
    return row


@api.retry_on_deadlock
def action_finish(instance_uuid, request_id, values):
    """Record the end of the request's action; return the action row."""
    with api.writer() as session:
        row = _require_action(session, instance_uuid, request_id)
        row.update(api.prepare_values(values))
    return row


def action_get_by_request_id(instance_uuid, request_id):
    """The newest action of the request on the instance, or None."""
    with api.reader() as session:
        return _action_by_request(session, instance_uuid, request_id)


def actions_get(instance_uuid, limit=None, marker=None, filters=None):
    """Actions on the instance, newest first, paged by request id.

    ``filters``: ``changes-since`` / ``changes-before`` (naive UTC
    datetimes): only actions whose ``updated_at`` is at or after / at or
    before that time.
    """
    action = models.InstanceAction
    stmt = sa.select(action).where(action.instance_uuid == instance_uuid)
    filters = filters or {}
    if filters.get('changes-since') is not None:
        stmt = stmt.where(action.updated_at >= filters['changes-since'])
    if filters.get('changes-before') is not None:
        stmt = stmt.where(action.updated_at <= filters['changes-before'])
    with api.reader() as session:
        marker_row = None
        if marker is not None:
            marker_row = _action_by_request(session, instance_uuid, marker)
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        stmt = api.paginate(stmt, action, ['created_at'], 'desc', limit,
                            marker_row)
        return list(session.scalars(stmt))


def _action_id(session, instance_uuid, request_id):
    """The id of the request's newest action on the instance, or raise."""
    found = session.execute(_newest_action(
        instance_uuid, request_id, models.InstanceAction.id)).scalar()
    if found is None:
        raise exception.InstanceActionNotFound(
            request_id=request_id, instance_uuid=instance_uuid)
    return found


def _touch_action(session, action_id, when, failed=False):
    """Set the action's updated_at (and its message 'Error' when one of
    its events failed)."""
    action = models.InstanceAction
    changes = {'updated_at': when}
    if failed:
        changes['message'] = _ERROR
    session.execute(sa.update(action).where(
        action.id == action_id).values(**changes).execution_options(
            synchronize_session=False))


def _event_dict(values):
    return dict({column: None for column in _EVENT_COLUMNS}, **values)


# Events are written on every build and delete: plain SQL statements (no
# ORM objects), two per event.

@api.retry_on_deadlock
def action_event_start(instance_uuid, request_id, values):
    """Record the start of an event of the request's action; return it."""
    row = dict(api.prepare_values(values), created_at=api.utcnow())
    with api.writer() as session:
        row['action_id'] = _action_id(session, instance_uuid, request_id)
        row['id'] = session.execute(
            sa.insert(_EVENTS).values(row)).inserted_primary_key[0]
        # The action changed: its updated_at is what changes-since reads.
        _touch_action(session, row['action_id'], row['created_at'])
    return _event_dict(row)


@api.retry_on_deadlock
def action_event_finish(instance_uuid, request_id, event_name, values,
                        want_row=True):
    """Record the end of the newest ``event_name`` event of the action.

    A failed event (``values['result'] == 'Error'``) also marks its action
    with the message 'Error', as the API shows it. Returns the event's row,
    unless ``want_row`` is False.
    """
    event = models.InstanceActionEvent
    values = dict(api.prepare_values(values), updated_at=api.utcnow())
    with api.writer() as session:
        action_id = _action_id(session, instance_uuid, request_id)
        event_id = session.execute(sa.select(event.id).where(
            event.action_id == action_id, event.event == event_name).order_by(
                event.created_at.desc(), event.id.desc()).limit(1)).scalar()
        if event_id is None:
            raise exception.InstanceActionEventNotFound(
                event=event_name, action_id=action_id)
        session.execute(sa.update(_EVENTS).where(
            _EVENTS.c.id == event_id).values(values))
        _touch_action(session, action_id, values['updated_at'],
                      failed=values.get('result') == _ERROR)
        if want_row:
            return session.execute(sa.select(_EVENTS).where(
                _EVENTS.c.id == event_id)).one()
    return None


def action_events_get(action_id):
    """Events of an action, newest first."""
    event = models.InstanceActionEvent
    with api.reader() as session:
        return list(session.scalars(sa.select(event).where(
            event.action_id == action_id).order_by(
                event.created_at.desc(), event.id.desc())))
