"""Server lifecycle: migrations, server groups, per-project quotas, lock reason

Revision ID: 7a4d1e9c2b83
Revises: 5e8b2c4d9f61
Create Date: 2026-11-21 09:00:00

Migrations are expand-only: add tables, columns and indexes; never drop or
rename within a release, so services of the previous release keep working.
"""

from alembic import op
import sqlalchemy as sa

revision = '7a4d1e9c2b83'
down_revision = '5e8b2c4d9f61'
branch_labels = None
depends_on = None

MYSQL = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _timestamps():
    return [sa.Column('created_at', sa.DateTime),
            sa.Column('updated_at', sa.DateTime)]


def _soft_delete():
    return [sa.Column('deleted_at', sa.DateTime),
            sa.Column('deleted', sa.Integer)]


def _id():
    return sa.Column('id', sa.Integer, primary_key=True, autoincrement=True)


def _create_migrations():
    op.create_table(
        'migrations', _id(),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid',
                                name='fk_migrations_instance_uuid'),
                  nullable=False),
        sa.Column('migration_type', sa.String(255)),
        sa.Column('status', sa.String(255)),
        sa.Column('source_compute', sa.String(255)),
        sa.Column('source_node', sa.String(255)),
        sa.Column('dest_compute', sa.String(255)),
        sa.Column('dest_node', sa.String(255)),
        sa.Column('dest_host', sa.String(255)),
        sa.Column('old_flavor', sa.Text),
        sa.Column('new_flavor', sa.Text),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        *_timestamps(), *_soft_delete(),
        sa.UniqueConstraint('uuid', name='uniq_migrations0uuid'),
        **MYSQL)
    op.create_index('migrations_instance_uuid_and_status_idx', 'migrations',
                    ['deleted', 'instance_uuid', 'status'])
    op.create_index('migrations_by_host_nodes_and_status_idx', 'migrations',
                    ['deleted', 'source_compute', 'dest_compute',
                     'status'])


def _create_server_groups():
    op.create_table(
        'instance_groups', _id(),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('policy', sa.String(255)),
        sa.Column('rules', sa.Text),
        *_timestamps(),
        sa.UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),
        **MYSQL)
    op.create_index('instance_groups_project_id_idx', 'instance_groups',
                    ['project_id'])
    op.create_table(
        'instance_group_member', _id(),
        sa.Column('group_id', sa.Integer,
                  sa.ForeignKey('instance_groups.id',
                                name='instance_group_member_group_id_fkey'),
                  nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint(
            'group_id', 'instance_uuid',
            name='uniq_instance_group_member0group_id0instance_uuid'),
        **MYSQL)
    op.create_index('instance_group_member_instance_idx',
                    'instance_group_member', ['instance_uuid'])


def _create_quotas():
    op.create_table(
        'quotas', _id(),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'),
        **MYSQL)


def upgrade():
    op.add_column('instances', sa.Column('locked_reason', sa.String(255)))
    _create_migrations()
    _create_server_groups()
    _create_quotas()
