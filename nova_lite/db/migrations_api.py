"""Query functions of migrations: the moves of instances (resizes).

Named ``migrations_api`` (after the ``migrations`` table) rather than
``migration_api``: ``nova_lite/db/migration.py`` is taken by the schema
migrations (alembic, ``nova-lite-manage db sync``), and ``migration_api``
next to it would read as part of that.

A migration is also a consumer of allocations: while a resize waits for
its confirmation, the source node's resources are held by the migration's
uuid (and the instance holds the destination's). The status changes that
end that hold carry the allocation change in the same transaction
(``allocations='release'`` or ``'revert'`` of :func:`migration_update`),
so a status and the resources it stands for never disagree, and a second
attempt finds the status changed and moves nothing.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import allocation_api
from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

# Statuses after which a migration holds nothing and is no longer under
# way (as Nova's in-progress query leaves out).
FINAL_STATUSES = ('confirmed', 'reverted', 'error', 'failed', 'completed',
                  'cancelled', 'done')
_ALLOCATION_CHANGES = (None, 'release', 'revert')


def _live(stmt, read_deleted='no'):
    return api.filter_read_deleted(stmt, models.Migration, read_deleted)


@api.retry_on_deadlock
def migration_create(values):
    """Insert a migration; return its row.

    InstanceNotFound when its instance does not exist (the foreign key).
    """
    row = models.Migration()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
            session.flush()
    except db_exc.DBReferenceError:
        raise exception.InstanceNotFound(
            instance_id=values.get('instance_uuid'))
    return row


def migration_get(migration_id, read_deleted='no'):
    mig = models.Migration
    with api.reader() as session:
        row = session.scalars(_live(sa.select(mig), read_deleted).where(
            mig.id == migration_id)).first()
    if row is None:
        raise exception.MigrationNotFound(migration_id=migration_id)
    return row


def migration_get_by_uuid(migration_uuid):
    mig = models.Migration
    with api.reader() as session:
        row = session.scalars(_live(sa.select(mig)).where(
            mig.uuid == migration_uuid)).first()
    if row is None:
        raise exception.MigrationNotFound(migration_id=migration_uuid)
    return row


def migration_get_by_id_and_instance(migration_id, instance_uuid):
    mig = models.Migration
    with api.reader() as session:
        row = session.scalars(_live(sa.select(mig)).where(
            mig.id == migration_id,
            mig.instance_uuid == instance_uuid)).first()
    if row is None:
        raise exception.MigrationNotFoundForInstance(
            migration_id=migration_id, instance_id=instance_uuid)
    return row


def migration_get_by_instance_and_status(instance_uuid, status):
    """The newest live migration of the instance in ``status``."""
    mig = models.Migration
    with api.reader() as session:
        row = session.scalars(_live(sa.select(mig)).where(
            mig.instance_uuid == instance_uuid,
            mig.status == status).order_by(mig.id.desc())).first()
    if row is None:
        raise exception.MigrationNotFoundByStatus(instance_id=instance_uuid,
                                                  status=status)
    return row


def migration_get_in_progress_by_instance(instance_uuid,
                                          migration_type=None):
    """The instance's migrations not yet in a final status, oldest first."""
    mig = models.Migration
    stmt = _live(sa.select(mig)).where(
        mig.instance_uuid == instance_uuid,
        mig.status.not_in(FINAL_STATUSES))
    if migration_type is not None:
        stmt = stmt.where(mig.migration_type == migration_type)
    with api.reader() as session:
        return list(session.scalars(stmt.order_by(mig.id)))


def migration_get_all_by_instance(instance_uuid):
    mig = models.Migration
    with api.reader() as session:
        return list(session.scalars(_live(sa.select(mig)).where(
            mig.instance_uuid == instance_uuid).order_by(mig.id)))


def _cas_failure(session, migration_id, expected):
    current = session.execute(sa.select(models.Migration.status).where(
        models.Migration.id == migration_id,
        models.Migration.deleted == 0)).first()
    if current is None:
        return exception.MigrationNotFound(migration_id=migration_id)
    return exception.UnexpectedMigrationStatusError(
        expected=expected, actual=current.status)


def _change_allocations(session, row, allocations):
    if allocations == 'release':
        return allocation_api.release(session, row.uuid)
    if allocations == 'revert':
        return allocation_api.move(session, row.uuid, row.instance_uuid)
    return 0


@api.retry_on_deadlock
def migration_update(migration_id, values, expected_status=None,
                     allocations=None):
    """Update a live migration, compare-and-swap on its status.

    ``expected_status``: None for no check, else a status or a list of
    them; UnexpectedMigrationStatusError (409) when the stored status is
    another one, MigrationNotFound when the migration is gone.

    ``allocations``, in the same transaction once the update matched:
    ``'release'`` deletes what the migration holds (a confirmed resize
    frees the source node); ``'revert'`` gives it back to the instance in
    place of what the instance holds (a reverted or failed resize). Each
    happens at most once, since the migration then holds nothing.

    Returns (the updated row, allocation rows released or moved).
    """
    if allocations not in _ALLOCATION_CHANGES:
        raise ValueError('allocations must be one of %s' %
                         (_ALLOCATION_CHANGES,))
    mig = models.Migration
    values = api.prepare_values(values)
    values.setdefault('updated_at', api.utcnow())
    stmt = sa.update(mig).where(mig.id == migration_id, mig.deleted == 0)
    expected = None
    if expected_status is not None:
        expected = (list(expected_status)
                    if isinstance(expected_status, (list, tuple, set))
                    else [expected_status])
        stmt = stmt.where(mig.status.in_(expected))
    stmt = stmt.values(values).execution_options(synchronize_session=False)
    with api.writer() as session:
        if session.execute(stmt).rowcount == 0:
            raise _cas_failure(session, migration_id, expected)
        row = session.scalars(sa.select(mig).where(
            mig.id == migration_id)).one()
        changed = _change_allocations(session, row, allocations)
    return row, changed


def release_for_instance(session, instance_uuid):
    """Delete, in the caller's transaction, every allocation held by a
    migration of the instance (an instance deleted mid-resize). Returns
    how many rows went."""
    alloc = models.Allocation
    mig = models.Migration
    held_by = sa.select(mig.uuid).where(mig.instance_uuid == instance_uuid)
    return session.execute(sa.delete(alloc).where(
        alloc.consumer_id.in_(held_by)).execution_options(
            synchronize_session=False)).rowcount
