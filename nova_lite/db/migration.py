"""Schema migrations (alembic), as ``nova-lite-manage db sync|version`` runs them.

The scripts live inside the package (``nova_lite/db/migrations``), and the
alembic ``Config`` is built here in code, so an installed nova_lite needs no
alembic.ini on disk. Migrations are expand-only.
"""

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from nova_lite.db import api

SCRIPT_LOCATION = 'nova_lite.db:migrations'


def _config(connection=None):
    config = alembic_config.Config()
    config.set_main_option('script_location', SCRIPT_LOCATION)
    config.attributes['connection'] = connection
    return config


def _engine(engine):
    api.check_allowed()
    return engine if engine is not None else api.get_engine()


def db_sync(version=None, engine=None):
    """Upgrade the schema to ``version`` (a revision id; default: head)."""
    engine = _engine(engine)
    with engine.begin() as connection:
        alembic_command.upgrade(_config(connection), version or 'head')


def db_version(engine=None):
    """The current revision id of the schema, or None before any sync."""
    engine = _engine(engine)
    with engine.connect() as connection:
        context = alembic_migration.MigrationContext.configure(connection)
        return context.get_current_revision()


def head_revision():
    """The newest revision the code knows (no database needed)."""
    script = alembic_script.ScriptDirectory.from_config(_config())
    return script.get_current_head()
