"""Boot path: fixed IPs and images

Revision ID: 5e8b2c4d9f61
Revises: 3c1f9a2b7d10
Create Date: 2025-12-01 10:00:00

Migrations are expand-only: add tables, columns and indexes; never drop or
rename within a release, so services of the previous release keep working.
"""

from alembic import op
import sqlalchemy as sa

revision = '5e8b2c4d9f61'
down_revision = '3c1f9a2b7d10'
branch_labels = None
depends_on = None

MYSQL = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _timestamps():
    return [sa.Column('created_at', sa.DateTime),
            sa.Column('updated_at', sa.DateTime)]


def _id():
    return sa.Column('id', sa.Integer, primary_key=True, autoincrement=True)


def _create_fixed_ips():
    op.create_table(
        'fixed_ips', _id(),
        sa.Column('network', sa.String(255), nullable=False),
        sa.Column('address', sa.String(39), nullable=False),
        sa.Column('mac_address', sa.String(17), nullable=False),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid',
                                name='fixed_ips_instance_uuid_fkey'),
                  nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('network', 'address',
                            name='uniq_fixed_ips0network0address'),
        sa.UniqueConstraint('mac_address', name='uniq_fixed_ips0mac_address'),
        **MYSQL)
    op.create_index('fixed_ips_instance_uuid_idx', 'fixed_ips',
                    ['instance_uuid'])


def _create_images():
    op.create_table(
        'images',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255)),
        sa.Column('status', sa.String(30), nullable=False),
        sa.Column('visibility', sa.String(20), nullable=False),
        sa.Column('protected', sa.Boolean, nullable=False),
        sa.Column('container_format', sa.String(32)),
        sa.Column('disk_format', sa.String(32)),
        sa.Column('min_disk', sa.Integer, nullable=False),
        sa.Column('min_ram', sa.Integer, nullable=False),
        sa.Column('size', sa.BigInteger),
        sa.Column('checksum', sa.String(32)),
        sa.Column('owner', sa.String(255)),
        *_timestamps(),
        **MYSQL)
    op.create_index('images_owner_idx', 'images', ['owner'])
    op.create_index('images_visibility_idx', 'images', ['visibility'])
    op.create_index('images_name_idx', 'images', ['name'])
    op.create_table(
        'image_properties', _id(),
        sa.Column('image_id', sa.String(36),
                  sa.ForeignKey('images.id',
                                name='image_properties_image_id_fkey'),
                  nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('value', sa.Text),
        *_timestamps(),
        sa.UniqueConstraint('image_id', 'name',
                            name='uniq_image_properties0image_id0name'),
        **MYSQL)
    op.create_table(
        'image_tags', _id(),
        sa.Column('image_id', sa.String(36),
                  sa.ForeignKey('images.id', name='image_tags_image_id_fkey'),
                  nullable=False),
        sa.Column('value', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('image_id', 'value',
                            name='uniq_image_tags0image_id0value'),
        **MYSQL)


def upgrade():
    _create_fixed_ips()
    _create_images()
