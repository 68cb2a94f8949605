"""Query functions of key pairs (hard-deleted, unique per user and name)."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception


def key_pair_get(user_id, name):
    """The key pair ``name`` of the user; KeypairNotFound if none."""
    key = models.KeyPair
    with api.reader() as session:
        row = session.scalars(sa.select(key).where(
            key.user_id == user_id, key.name == name)).first()
    if row is None:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
    return row


def key_pair_get_all_by_user(user_id, limit=None, marker=None):
    """The user's key pairs by name, after the ``marker`` name if given."""
    key = models.KeyPair
    stmt = sa.select(key).where(key.user_id == user_id)
    with api.reader() as session:
        marker_row = None
        if marker is not None:
            marker_row = session.scalars(sa.select(key).where(
                key.user_id == user_id, key.name == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        stmt = api.paginate(stmt, key, ['name'], 'asc', limit, marker_row)
        return list(session.scalars(stmt))


def key_pair_count_by_user(user_id):
    key = models.KeyPair
    with api.reader() as session:
        return session.execute(sa.select(sa.func.count(key.id)).where(
            key.user_id == user_id)).scalar()


@api.retry_on_deadlock
def key_pair_create(values):
    """Insert a key pair; KeyPairExists if the user has one of that name."""
    row = models.KeyPair()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.KeyPairExists(key_name=values.get('name'))
    return row


@api.retry_on_deadlock
def key_pair_destroy(user_id, name):
    """Delete the user's key pair ``name``; KeypairNotFound if none."""
    key = models.KeyPair
    with api.writer() as session:
        result = session.execute(sa.delete(key).where(
            key.user_id == user_id, key.name == name))
    if result.rowcount == 0:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
