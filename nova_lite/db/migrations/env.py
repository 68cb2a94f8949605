"""alembic environment of the nova_lite database.

``nova_lite.db.migration`` runs alembic with a programmatic ``Config``: the
connection to migrate arrives in ``config.attributes['connection']``. For
offline (``--sql``) runs, ``sqlalchemy.url`` names the dialect.
"""

from alembic import context

from nova_lite.db import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_offline():
    context.configure(url=config.get_main_option('sqlalchemy.url'),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connection = config.attributes['connection']
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
