"""The database engine, the guard in front of it, and shared query helpers.

The guard
---------
Only nova-lite-conductor, nova-lite-manage and nova-lite-all open the
database. Each of them calls :func:`allow_connections` at start; until then
every attempt to get an engine or a session raises
:class:`nova_lite.exception.DBNotAllowed` naming the running program, so a
compute that reaches the DB by mistake fails loudly instead of quietly
opening a connection of its own.

The engine
----------
One oslo.db ``enginefacade`` transaction context per process, configured on
first use from ``CONF.database`` (``connection`` and the pool options).
Tests point it elsewhere by overriding ``CONF.database.connection`` (for
example with ``oslo_config.fixture.Config``) and calling :func:`dispose`
before and after: :func:`dispose` drops the engine, so the next use builds a
new one from the configuration of that moment. Call ``dispose(close=False)`` in a
child after ``fork()``.

Transactions
------------
``RequestContext`` does not carry a session (it must not import oslo.db:
computes never load SQLAlchemy), so every public query function opens its
own transaction with :func:`writer` or :func:`reader`. One public function is
one transaction; an operation that needs several statements to be atomic is
written as one function. Write functions are wrapped with
:func:`retry_on_deadlock`.

The query functions take no context: they get what they filter on
(``read_deleted``, ``project_id``) as arguments, from the objects.
"""

import contextlib
import contextvars
import datetime
import os
import sys
import threading

import netaddr
from oslo_db import api as oslo_db_api
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_utils import timeutils
import sqlalchemy as sa

# Registers the [database] options with nova_lite's defaults, which
# enginefacade reads from the global CONF when it starts.
import nova_lite.conf  # noqa: F401
from nova_lite import exception

_lock = threading.Lock()
_allowed_binary = None


# True while this thread runs a write transaction (see _sqlite_checkout).
_writing = contextvars.ContextVar('nova_lite_db_writing', default=False)


def _sqlite_checkout(dbapi_connection, record, proxy):
    """On SQLite, start write transactions with BEGIN IMMEDIATE.

    A plain BEGIN takes the file's write lock only at the first write, so
    two transactions that read then write (a claim, a service update)
    deadlock and one fails at once with "database is locked". Taking the
    lock at BEGIN makes writers queue on pysqlite's busy timeout instead.
    oslo.db emits its own BEGIN unless ``in_transaction`` is set.
    """
    if _writing.get() and 'in_transaction' not in record.info:
        dbapi_connection.execute('BEGIN IMMEDIATE')
        record.info['in_transaction'] = True


def _sqlite_checkin(dbapi_connection, record):
    # A writer session that never ran a statement leaves our BEGIN open.
    if record.info.pop('in_transaction', None) and dbapi_connection:
        dbapi_connection.rollback()


def _on_engine_create(engine):
    if engine.dialect.name == 'sqlite':
        sa.event.listen(engine.pool, 'checkout', _sqlite_checkout)
        sa.event.listen(engine.pool, 'checkin', _sqlite_checkin)


def _new_context_manager():
    manager = enginefacade.transaction_context()
    # Foreign keys are enforced on SQLite too, as on the real servers.
    manager.configure(sqlite_fk=True)
    manager.append_on_engine_create(_on_engine_create)
    return manager


# Configured from CONF.database when the first transaction starts.
_context_manager = _new_context_manager()


@enginefacade.transaction_context_provider
class _Txn:
    """Holds the session of one transaction (in place of a request context)."""


def allow_connections(binary):
    """Open the guard: this process (``binary``) may use the database."""
    global _allowed_binary
    _allowed_binary = binary


def forbid_connections():
    """Close the guard again and drop the engine (tests restore this)."""
    global _allowed_binary
    _allowed_binary = None
    dispose()


def allowed_binary():
    """The name given to :func:`allow_connections`, or None (closed)."""
    return _allowed_binary


def check_allowed():
    """Raise DBNotAllowed unless :func:`allow_connections` was called."""
    if _allowed_binary is None:
        raise exception.DBNotAllowed(
            binary=os.path.basename(sys.argv[0]) or 'python')


def get_context_manager():
    """The enginefacade transaction context, through the guard."""
    check_allowed()
    return _context_manager


def get_engine():
    """The writer engine (migrations, tests), through the guard."""
    return get_context_manager().writer.get_engine()


def dispose(close=True):
    """Drop the engine; the next use builds one from CONF again.

    In a child process after ``fork()``, call ``dispose(close=False)``: the
    pooled connections are the parent's, and closing them from the child
    would break them for the parent too.
    """
    global _context_manager
    with _lock:
        old, _context_manager = _context_manager, _new_context_manager()
    if old.is_started:
        old.writer.get_engine().dispose(close=close)


@contextlib.contextmanager
def writer():
    """A session in a read-write transaction, committed on success."""
    token = _writing.set(True)
    try:
        with get_context_manager().writer.using(_Txn()) as session:
            yield session
    finally:
        _writing.reset(token)


@contextlib.contextmanager
def reader():
    """A session in a read-only transaction."""
    with get_context_manager().reader.using(_Txn()) as session:
        yield session


def _sqlite_busy(exc):
    # SQLite's answer to two writers at once; a retry is what it needs.
    return (isinstance(exc, sa.exc.OperationalError)
            and 'database is locked' in str(exc))


def retry_on_deadlock(func):
    """Run a write function again (up to 5 times) after a DB deadlock.

    On SQLite, "database is locked" (another writer held the file) counts
    as a deadlock.
    """
    return oslo_db_api.wrap_db_retry(
        max_retries=5, retry_on_deadlock=True,
        exception_checker=_sqlite_busy)(func)


def utcnow():
    """Now, in naive UTC: how every DateTime column stores time."""
    return timeutils.utcnow()


def _db_value(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    if isinstance(value, netaddr.IPAddress):
        return str(value)
    return value


def prepare_values(values):
    """A copy of ``values`` with DB-ready types (naive UTC, IPs as text)."""
    return {key: _db_value(value) for key, value in values.items()}


def filter_read_deleted(stmt, model, read_deleted):
    """Restrict ``stmt`` to live rows ('no'), deleted ones ('only') or all."""
    if read_deleted == 'no':
        return stmt.where(model.deleted == 0)
    if read_deleted == 'only':
        return stmt.where(model.deleted != 0)
    if read_deleted == 'yes':
        return stmt
    raise ValueError('read_deleted must be no, yes or only, not %r'
                     % (read_deleted,))


def soft_delete(session, model, *criteria):
    """Soft-delete the live rows of ``model`` matching ``criteria``.

    ``deleted`` takes the row's id; ``updated_at`` is left as it was.
    Returns the number of rows deleted.
    """
    stmt = sa.update(model).where(model.deleted == 0, *criteria).values(
        deleted=model.id, deleted_at=utcnow(),
        updated_at=model.updated_at).execution_options(
            synchronize_session=False)
    return session.execute(stmt).rowcount


def paginate(stmt, model, sort_keys, sort_dir, limit, marker_row):
    """Sort ``stmt`` by ``sort_keys`` (then id) and page after the marker."""
    keys = list(sort_keys)
    if 'id' not in keys:
        keys.append('id')
    return sqlalchemyutils.paginate_query(
        stmt, model, limit, keys, marker=marker_row, sort_dir=sort_dir)


def check_sort(sort_key, sort_dir, allowed):
    """Refuse a sort key outside ``allowed`` or a bad direction (400)."""
    if sort_key not in allowed:
        raise exception.InvalidSortKey(sort_key=sort_key)
    if sort_dir not in ('asc', 'desc'):
        raise exception.InvalidInput(
            reason='sort_dir must be asc or desc, not %s' % sort_dir)


def count(session, stmt):
    """Number of rows ``stmt`` would return."""
    return session.execute(
        sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
