"""Query functions of instances, their metadata and their faults.

Instances come back as dicts of their columns plus ``metadata`` (a dict of
the live metadata items) and, when asked for, ``fault`` (the newest fault
row or None) and ``fixed_ips`` (a list of fixed_ips rows). Loading any
number of instances costs a fixed number of queries: the instances, their
metadata (one IN query) and, if asked, their newest faults and their fixed
IPs (one more each).
"""

import re

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from nova_lite.db import allocation_api
from nova_lite.db import api
from nova_lite.db import fixed_ip_api
from nova_lite.db import migrations_api
from nova_lite.db import models
from nova_lite.db import server_group_api
from nova_lite import exception

_TABLE = models.Instance.__table__
_COLUMNS = tuple(c.name for c in _TABLE.columns)
_UNSET = object()

# Filters matched exactly; a list value matches any of its items and None
# matches NULL.
EXACT_FILTERS = ('project_id', 'user_id', 'uuid', 'host', 'node', 'vm_state',
                 'task_state', 'power_state', 'image_ref', 'hostname',
                 'availability_zone', 'reservation_id', 'key_name', 'locked')
SORT_KEYS = ('created_at', 'updated_at', 'launched_at', 'terminated_at',
             'display_name', 'hostname', 'host', 'node', 'uuid', 'id',
             'vm_state', 'task_state', 'power_state', 'project_id',
             'user_id', 'availability_zone', 'key_name', 'memory_mb',
             'vcpus', 'root_gb', 'ephemeral_gb', 'launch_index', 'locked')
# Time filters on updated_at: "changes-since" >=, "changes-before" <=.
CHANGES_FILTERS = ('changes-since', 'changes-before')


def _as_utc(value):
    """A naive UTC datetime from a datetime or an ISO 8601 string (what a
    datetime becomes on the RPC wire)."""
    if isinstance(value, str):
        try:
            value = timeutils.parse_isotime(value)
        except ValueError as err:
            raise exception.InvalidInput(reason=str(err))
    return timeutils.normalize_time(value)


def _changes_clauses(filters):
    """updated_at bounds of the changes filters popped from ``filters``.

    As Nova's: an instance never updated since its creation has no
    updated_at and matches neither bound.
    """
    column = models.Instance.updated_at
    clauses = []
    since = filters.pop('changes-since', None)
    if since is not None:
        clauses.append(column >= _as_utc(since))
    before = filters.pop('changes-before', None)
    if before is not None:
        clauses.append(column <= _as_utc(before))
    return clauses


def _instance_dict(row, metadata=_UNSET, fault=_UNSET, fixed_ips=_UNSET):
    """The dict of an instances row (a Core row or an ORM object)."""
    mapping = getattr(row, '_mapping', None)
    values = (dict(mapping) if mapping is not None
              else {name: getattr(row, name) for name in _COLUMNS})
    values['metadata'] = {} if metadata is _UNSET else metadata
    if fault is not _UNSET:
        values['fault'] = fault
    if fixed_ips is not _UNSET:
        values['fixed_ips'] = fixed_ips
    return values


def _as_list(value):
    """None (no check) or the expected states as a list."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _matches(column, values):
    """``column`` is one of ``values``, where None stands for NULL."""
    present = [v for v in values if v is not None]
    clauses = [column.in_(present)] if present else []
    if len(present) != len(values):
        clauses.append(column.is_(None))
    return sa.or_(*clauses) if clauses else sa.false()


def _latest_faults(session, uuids):
    """{instance_uuid: newest fault row} for ``uuids``, in one query."""
    if not uuids:
        return {}
    fault = models.InstanceFault
    newest = sa.select(sa.func.max(fault.id)).where(
        fault.instance_uuid.in_(uuids)).group_by(fault.instance_uuid)
    rows = session.execute(sa.select(fault.__table__).where(
        fault.id.in_(newest)))
    return {row.instance_uuid: row for row in rows}


def _instance_select():
    # Core rather than ORM: reads are the hot path of the API (every GET of
    # a server or a list), and plain rows cost half as much to build.
    return sa.select(_TABLE)


def _metadata_by_instance(session, uuids):
    """{instance uuid: {key: value}} of the live items, in one query."""
    item = models.InstanceMetadata
    found = {uuid: {} for uuid in uuids}
    for uuid, key, value in session.execute(
            sa.select(item.instance_uuid, item.key, item.value).where(
                item.instance_uuid.in_(uuids), item.deleted == 0)):
        found[uuid][key] = value
    return found


def _to_dicts(session, rows, with_fault, with_fixed_ips=False):
    uuids = [r.uuid for r in rows]
    if not uuids:
        return []
    metadata = _metadata_by_instance(session, uuids)
    faults = _latest_faults(session, uuids) if with_fault else None
    ips = (fixed_ip_api.fixed_ips_by_instance(session, uuids)
           if with_fixed_ips else None)
    return [_instance_dict(
        r, metadata=metadata[r.uuid],
        fault=faults.get(r.uuid) if with_fault else _UNSET,
        fixed_ips=ips.get(r.uuid, []) if with_fixed_ips else _UNSET)
        for r in rows]


def instance_get_by_uuid(instance_uuid, read_deleted='no', with_fault=False,
                         with_fixed_ips=False):
    """One instance as a dict; InstanceNotFound if there is none."""
    stmt = api.filter_read_deleted(_instance_select(), models.Instance,
                                   read_deleted)
    with api.reader() as session:
        row = session.execute(stmt.where(
            models.Instance.uuid == instance_uuid)).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        return _to_dicts(session, [row], with_fault, with_fixed_ips)[0]


def _apply_filters(stmt, filters, read_deleted):
    filters = dict(filters or {})
    deleted = filters.pop('deleted', None)
    changes = _changes_clauses(filters)
    if deleted is not None:
        read_deleted = 'only' if deleted else 'no'
    elif changes:
        # Asking what changed includes what was deleted (as Nova).
        read_deleted = 'yes'
    stmt = api.filter_read_deleted(stmt, models.Instance, read_deleted)
    if changes:
        stmt = stmt.where(*changes)
    name = filters.pop('name', None)
    if name is not None:
        try:
            re.compile(name)
        except re.error as err:
            raise exception.InvalidInput(
                reason='name is not a valid regular expression: %s' % err)
        # An inline (?i) rather than flags=: SQLite (Python's re),
        # MariaDB (PCRE), MySQL 8 (ICU) and PostgreSQL (ARE) all read it.
        stmt = stmt.where(
            models.Instance.display_name.regexp_match('(?i)' + name))
    for key, value in filters.items():
        if key not in EXACT_FILTERS:
            raise exception.InvalidInput(
                reason='unsupported instance filter %s' % key)
        if not isinstance(value, (list, tuple, set, frozenset)):
            value = [value]
        stmt = stmt.where(_matches(getattr(models.Instance, key),
                                   list(value)))
    return stmt


def instance_get_all_by_filters(filters=None, sort_key='created_at',
                                sort_dir='desc', limit=None, marker=None,
                                read_deleted='no', with_fault=False,
                                with_fixed_ips=False):
    """Instances (dicts) matching ``filters``, sorted and paged.

    ``filters``: the exact ones of EXACT_FILTERS, ``deleted`` (bool: only
    deleted / only live rows, overriding ``read_deleted``), ``name`` (a
    case-insensitive regular expression searched in display_name) and
    ``changes-since`` / ``changes-before`` (datetimes or ISO 8601 strings:
    updated_at >= / <= them; without ``deleted`` they include deleted
    rows, whatever ``read_deleted`` says).
    ``marker`` is the uuid of the last instance of the previous page
    (MarkerNotFound if unknown); ties on ``sort_key`` are ordered by id.
    ``with_fault`` / ``with_fixed_ips`` add one query each for the page.
    """
    api.check_sort(sort_key, sort_dir, SORT_KEYS)
    stmt = _apply_filters(_instance_select(), filters, read_deleted)
    with api.reader() as session:
        marker_row = None
        if marker is not None:
            marker_row = session.execute(_instance_select().where(
                models.Instance.uuid == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        stmt = api.paginate(stmt, models.Instance, [sort_key], sort_dir,
                            limit, marker_row)
        rows = list(session.execute(stmt))
        return _to_dicts(session, rows, with_fault, with_fixed_ips)


def _sync_metadata(session, instance_uuid, metadata):
    """Make the live metadata of the instance exactly ``metadata``."""
    item = models.InstanceMetadata
    current = {row.key: row for row in session.scalars(sa.select(item).where(
        item.instance_uuid == instance_uuid, item.deleted == 0))}
    gone = [key for key in current if key not in metadata]
    if gone:
        api.soft_delete(session, item, item.instance_uuid == instance_uuid,
                        item.key.in_(gone))
    for key, value in metadata.items():
        if key in current:
            if current[key].value != value:
                current[key].value = value
        else:
            session.add(item(instance_uuid=instance_uuid, key=key,
                             value=value))
    session.flush()


def _insert(session, values):
    """Add an instance row and its metadata; return its dict."""
    values = api.prepare_values(values)
    metadata = values.pop('metadata', None) or {}
    row = models.Instance()
    row.update(values)
    session.add(row)
    session.flush()
    session.add_all([models.InstanceMetadata(instance_uuid=row.uuid, key=key,
                                             value=value)
                     for key, value in metadata.items()])
    return _instance_dict(row, metadata=dict(metadata))


@api.retry_on_deadlock
def instance_create(values):
    """Insert an instance (and its metadata); return it as a dict."""
    try:
        with api.writer() as session:
            return _insert(session, values)
    except db_exc.DBDuplicateEntry:
        raise exception.InstanceExists(name=values.get('uuid'))


@api.retry_on_deadlock
def instance_create_for_build(instances, spec_jsons, action_values,
                              group_uuid=None, check=None):
    """Everything a boot request writes, in one transaction.

    ``instances``: the values of each new instance (with ``uuid`` and
    ``metadata``); ``spec_jsons``: the request spec document of each, in
    the same order; ``action_values``: the columns of the 'create' action
    recorded for each (its instance_uuid is filled in here);
    ``group_uuid``: the server group they join (InstanceGroupNotFound if it
    is gone); ``check(session)``: called once all is written, before the
    commit (a quota count: what it raises undoes everything). Either every
    row is written or none is. InstanceExists if a uuid is taken. Returns
    the instances as dicts.
    """
    try:
        with api.writer() as session:
            created = [_insert(session, values) for values in instances]
            session.add_all(
                [models.RequestSpec(instance_uuid=inst['uuid'], spec=spec)
                 for inst, spec in zip(created, spec_jsons)] +
                [models.InstanceAction(**api.prepare_values(dict(
                    action_values, instance_uuid=inst['uuid'])))
                 for inst in created])
            session.flush()
            if group_uuid is not None:
                server_group_api.add_members(
                    session, group_uuid, [inst['uuid'] for inst in created])
            if check is not None:
                check(session)
            return created
    except db_exc.DBDuplicateEntry as err:
        raise exception.InstanceExists(
            name=err.value or ', '.join(i.get('uuid') or '?'
                                        for i in instances))


@api.retry_on_deadlock
def instance_purge_unbuilt(instance_uuids):
    """Remove, rows and all, instances a boot created and then gave up
    before any build was sent (a quota recheck failed): their metadata,
    request specs, actions and group memberships go with them. Instances
    that already have a host are left alone. Returns how many went."""
    inst = models.Instance
    with api.writer() as session:
        uuids = list(session.scalars(sa.select(inst.uuid).where(
            inst.uuid.in_(list(instance_uuids)), inst.host.is_(None))))
        if not uuids:
            return 0
        action = models.InstanceAction
        action_ids = sa.select(action.id).where(
            action.instance_uuid.in_(uuids))
        event = models.InstanceActionEvent
        session.execute(sa.delete(event).where(
            event.action_id.in_(action_ids)))
        for model in (action, models.InstanceMetadata, models.RequestSpec,
                      models.InstanceFault, models.InstanceGroupMember):
            session.execute(sa.delete(model).where(
                model.instance_uuid.in_(uuids)))
        return session.execute(sa.delete(inst).where(
            inst.uuid.in_(uuids))).rowcount


def _cas_failure(session, instance_uuid, expected_task, expected_vm):
    """Why a conditional update matched no row, as an exception."""
    inst = models.Instance
    current = session.execute(sa.select(inst.task_state, inst.vm_state).where(
        inst.uuid == instance_uuid, inst.deleted == 0)).first()
    if current is None:
        return exception.InstanceNotFound(instance_id=instance_uuid)
    if expected_task is not None and current.task_state not in expected_task:
        return exception.UnexpectedTaskStateError(
            expected=expected_task, actual=current.task_state)
    if expected_vm is not None and current.vm_state not in expected_vm:
        return exception.UnexpectedVMStateError(
            expected=expected_vm, actual=current.vm_state)
    # The state matched again when re-read: someone changed it twice.
    return exception.ConcurrentUpdateDetected(
        what='instance %s' % instance_uuid)


@api.retry_on_deadlock
def instance_update(instance_uuid, values, expected_task_state=None,
                    expected_vm_state=None):
    """Update a live instance, compare-and-swap style.

    ``expected_task_state`` / ``expected_vm_state``: None means no check; a
    value or a list of values (None in it meaning NULL) makes the UPDATE
    conditional (``... WHERE uuid = :u AND task_state IN (...)``), so of two
    racing callers exactly one wins. When no row matches, raises
    InstanceNotFound, UnexpectedTaskStateError or UnexpectedVMStateError
    after re-reading the row. ``values['metadata']``, if given, replaces
    the live metadata in the same transaction.

    Returns what the row now holds of ``values`` (as stored, with
    ``updated_at``): the caller already has the other columns, so the row
    is not read back.
    """
    values = api.prepare_values(values)
    metadata = values.pop('metadata', None)
    values.setdefault('updated_at', api.utcnow())
    expected_task = _as_list(expected_task_state)
    expected_vm = _as_list(expected_vm_state)
    # A Core UPDATE of the table: the ORM's bulk-update path costs more
    # than the statement, and this runs a few times per boot.
    inst = _TABLE.c
    stmt = sa.update(_TABLE).where(inst.uuid == instance_uuid,
                                   inst.deleted == 0)
    if expected_task is not None:
        stmt = stmt.where(_matches(inst.task_state, expected_task))
    if expected_vm is not None:
        stmt = stmt.where(_matches(inst.vm_state, expected_vm))
    stmt = stmt.values(values)
    with api.writer() as session:
        if session.execute(stmt).rowcount == 0:
            raise _cas_failure(session, instance_uuid, expected_task,
                               expected_vm)
        if metadata is not None:
            _sync_metadata(session, instance_uuid, metadata)
            values['metadata'] = dict(metadata)
    return values


@api.retry_on_deadlock
def instance_destroy(instance_uuid):
    """Soft-delete a live instance and release what it holds, exactly once.

    One transaction soft-deletes the instance and its metadata and deletes
    its allocations (with those its migrations hold) and fixed IPs. The
    instance row is updated first, with
    ``deleted = 0`` in its WHERE clause: of concurrent callers exactly one
    matches it, the others get InstanceNotFound and release nothing.
    Returns (the instance's dict, allocation rows released, fixed IPs
    released).
    """
    inst = models.Instance
    item = models.InstanceMetadata
    with api.writer() as session:
        if not api.soft_delete(session, inst, inst.uuid == instance_uuid):
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        row = session.execute(_instance_select().where(
            inst.uuid == instance_uuid)).one()
        values = _to_dicts(session, [row], with_fault=False)[0]
        api.soft_delete(session, item, item.instance_uuid == instance_uuid)
        server_group_api.remove_instance(session, instance_uuid)
        allocations = allocation_api.release(session, instance_uuid)
        # A resize under way: the source node is held by the migration.
        allocations += migrations_api.release_for_instance(session,
                                                           instance_uuid)
        fixed_ips = fixed_ip_api.release(session, instance_uuid)
    return values, allocations, fixed_ips


# --- faults --------------------------------------------------------------------

@api.retry_on_deadlock
def instance_fault_create(values):
    """Record a fault of an instance; InstanceNotFound if it never existed."""
    row = models.InstanceFault()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
    except db_exc.DBReferenceError:
        raise exception.InstanceNotFound(
            instance_id=values.get('instance_uuid'))
    return row


def instance_fault_get_by_instance_uuids(instance_uuids, latest=False):
    """Faults of the instances, newest first; only each newest if latest."""
    fault = models.InstanceFault
    if not instance_uuids:
        return []
    with api.reader() as session:
        if latest:
            rows = list(_latest_faults(session, instance_uuids).values())
            rows.sort(key=lambda r: r.id, reverse=True)
            return rows
        return list(session.scalars(sa.select(fault).where(
            fault.instance_uuid.in_(instance_uuids)).order_by(
                fault.created_at.desc(), fault.id.desc())))
