"""The alembic migrations build exactly the schema of the models.

Runs on SQLite and on the machine's real MariaDB and PostgreSQL, each test
on a database of its own that is dropped afterwards.
"""

from alembic import autogenerate
from alembic import migration as alembic_migration
import pytest
import sqlalchemy as sa

from nova_lite.db import migration
from nova_lite.db import models
from tests.unit.db import db_fixture

KINDS = ['sqlite', 'mysql', 'postgresql']


def _schema_diff(engine, metadata):
    with engine.connect() as connection:
        context = alembic_migration.MigrationContext.configure(
            connection, opts={'compare_type': True,
                              'compare_server_default': True})
        return autogenerate.compare_metadata(context, metadata)


@pytest.mark.parametrize('empty_url', KINDS, indirect=True)
def test_sync_builds_the_models_schema(empty_url):
    with db_fixture.Database(empty_url, sync=False) as database:
        assert migration.db_version() is None
        migration.db_sync()
        head = migration.head_revision()
        assert migration.db_version() == head
        assert _schema_diff(database.engine, models.Base.metadata) == []
        # A second sync finds nothing to do.
        migration.db_sync()
        assert migration.db_version() == head
        assert _schema_diff(database.engine, models.Base.metadata) == []


@pytest.mark.parametrize('empty_url', ['mysql'], indirect=True)
def test_mysql_tables_are_innodb_utf8mb4(empty_url):
    with db_fixture.Database(empty_url) as database:
        with database.engine.connect() as connection:
            rows = connection.execute(sa.text(
                'SELECT table_name, engine, table_collation '
                'FROM information_schema.tables '
                'WHERE table_schema = DATABASE()')).all()
    assert len(rows) == len(models.Base.metadata.tables) + 1
    for name, engine, collation in rows:
        assert engine == 'InnoDB', name
        assert collation.startswith('utf8mb4'), name


def test_comparison_notices_a_difference(db):
    """Guard the test above: a model change without migration is seen."""
    metadata = sa.MetaData()
    for table in models.Base.metadata.tables.values():
        table.to_metadata(metadata)
    metadata.tables['services'].append_column(sa.Column('extra', sa.Integer))
    diff = _schema_diff(db.engine, metadata)
    assert [(d[0], d[2], d[3].name) for d in diff] == [
        ('add_column', 'services', 'extra')]


def test_sync_to_an_explicit_revision(tmp_path):
    url = db_fixture.sqlite_url(tmp_path / 'rev.sqlite')
    with db_fixture.Database(url, sync=False):
        migration.db_sync(version=migration.head_revision())
        assert migration.db_version() == migration.head_revision()
