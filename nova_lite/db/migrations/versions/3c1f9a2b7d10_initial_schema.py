"""Initial schema

Revision ID: 3c1f9a2b7d10
Revises:
Create Date: 2025-11-21 14:00:00

Migrations are expand-only: add tables, columns and indexes; never drop or
rename within a release, so services of the previous release keep working.
"""

from alembic import op
import sqlalchemy as sa

revision = '3c1f9a2b7d10'
down_revision = None
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


def _create_services():
    op.create_table(
        'services', _id(),
        sa.Column('uuid', sa.String(36)),
        sa.Column('host', sa.String(255)),
        sa.Column('binary', sa.String(255)),
        sa.Column('topic', sa.String(255)),
        sa.Column('report_count', sa.Integer, nullable=False),
        sa.Column('disabled', sa.Boolean),
        sa.Column('disabled_reason', sa.String(255)),
        sa.Column('last_seen_up', sa.DateTime),
        sa.Column('forced_down', sa.Boolean),
        sa.Column('version', sa.Integer),
        sa.Column('availability_zone', sa.String(255)),
        *_timestamps(), *_soft_delete(),
        sa.UniqueConstraint('host', 'topic', 'deleted',
                            name='uniq_services0host0topic0deleted'),
        sa.UniqueConstraint('host', 'binary', 'deleted',
                            name='uniq_services0host0binary0deleted'),
        sa.UniqueConstraint('uuid', name='uniq_services0uuid'),
        **MYSQL)


def _create_compute_nodes():
    not_null_ints = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                     'memory_mb_used', 'local_gb_used', 'running_vms')
    op.create_table(
        'compute_nodes', _id(),
        sa.Column('uuid', sa.String(36)),
        sa.Column('service_id', sa.Integer),
        sa.Column('host', sa.String(255)),
        sa.Column('hypervisor_hostname', sa.String(255)),
        sa.Column('hypervisor_type', sa.String(255)),
        sa.Column('hypervisor_version', sa.Integer),
        *[sa.Column(name, sa.Integer, nullable=False)
          for name in not_null_ints],
        sa.Column('cpu_allocation_ratio', sa.Float),
        sa.Column('ram_allocation_ratio', sa.Float),
        sa.Column('disk_allocation_ratio', sa.Float),
        sa.Column('reserved_host_cpus', sa.Integer, nullable=False),
        sa.Column('reserved_host_memory_mb', sa.Integer, nullable=False),
        sa.Column('reserved_host_disk_mb', sa.Integer, nullable=False),
        sa.Column('host_ip', sa.String(39)),
        sa.Column('cpu_info', sa.Text),
        sa.Column('generation', sa.Integer, nullable=False),
        *_timestamps(), *_soft_delete(),
        sa.UniqueConstraint(
            'host', 'hypervisor_hostname', 'deleted',
            name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
        sa.UniqueConstraint('uuid', name='uniq_compute_nodes0uuid'),
        **MYSQL)
    op.create_index('compute_nodes_service_id_idx', 'compute_nodes',
                    ['service_id'])


def _create_instances():
    strings = ('user_id', 'project_id', 'display_name', 'hostname', 'host',
               'node', 'availability_zone', 'image_ref')
    op.create_table(
        'instances', _id(),
        sa.Column('uuid', sa.String(36), nullable=False),
        *[sa.Column(name, sa.String(255)) for name in strings[:3]],
        sa.Column('display_description', sa.Text),
        *[sa.Column(name, sa.String(255)) for name in strings[3:]],
        sa.Column('flavor', sa.Text),
        sa.Column('memory_mb', sa.Integer),
        sa.Column('vcpus', sa.Integer),
        sa.Column('root_gb', sa.Integer),
        sa.Column('ephemeral_gb', sa.Integer),
        sa.Column('key_name', sa.String(255)),
        sa.Column('key_data', sa.Text),
        sa.Column('vm_state', sa.String(255)),
        sa.Column('task_state', sa.String(255)),
        sa.Column('power_state', sa.Integer),
        sa.Column('launched_at', sa.DateTime),
        sa.Column('terminated_at', sa.DateTime),
        sa.Column('locked', sa.Boolean),
        sa.Column('locked_by', sa.String(255)),
        sa.Column('access_ip_v4', sa.String(39)),
        sa.Column('access_ip_v6', sa.String(39)),
        sa.Column('launch_index', sa.Integer),
        sa.Column('reservation_id', sa.String(255)),
        sa.Column('config_drive', sa.String(255)),
        *_timestamps(), *_soft_delete(),
        sa.UniqueConstraint('uuid', name='uniq_instances0uuid'),
        **MYSQL)
    op.create_index('instances_project_id_idx', 'instances', ['project_id'])
    op.create_index('instances_host_node_deleted_idx', 'instances',
                    ['host', 'node', 'deleted'])
    op.create_index('instances_reservation_id_idx', 'instances',
                    ['reservation_id'])
    op.create_index('instances_deleted_created_at_idx', 'instances',
                    ['deleted', 'created_at'])


def _create_instance_children():
    op.create_table(
        'instance_metadata', _id(),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid',
                                name='instance_metadata_instance_uuid_fkey')),
        sa.Column('key', sa.String(255)),
        sa.Column('value', sa.String(255)),
        *_timestamps(), *_soft_delete(),
        **MYSQL)
    op.create_index('instance_metadata_instance_uuid_idx',
                    'instance_metadata', ['instance_uuid'])
    op.create_table(
        'instance_faults', _id(),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid',
                                name='fk_instance_faults_instance_uuid')),
        sa.Column('code', sa.Integer, nullable=False),
        sa.Column('message', sa.String(255)),
        sa.Column('details', sa.Text),
        sa.Column('host', sa.String(255)),
        *_timestamps(),
        **MYSQL)
    op.create_index('instance_faults_instance_uuid_idx', 'instance_faults',
                    ['instance_uuid'])


def _create_actions():
    op.create_table(
        'instance_actions', _id(),
        sa.Column('action', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid',
                                name='fk_instance_actions_instance_uuid')),
        sa.Column('request_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('start_time', sa.DateTime),
        sa.Column('finish_time', sa.DateTime),
        sa.Column('message', sa.String(255)),
        *_timestamps(),
        **MYSQL)
    op.create_index('instance_actions_instance_uuid_request_id_idx',
                    'instance_actions', ['instance_uuid', 'request_id'])
    op.create_table(
        'instance_actions_events', _id(),
        sa.Column('event', sa.String(255)),
        sa.Column('action_id', sa.Integer,
                  sa.ForeignKey(
                      'instance_actions.id',
                      name='instance_actions_events_action_id_fkey')),
        sa.Column('start_time', sa.DateTime),
        sa.Column('finish_time', sa.DateTime),
        sa.Column('result', sa.String(255)),
        sa.Column('traceback', sa.Text),
        sa.Column('host', sa.String(255)),
        sa.Column('details', sa.Text),
        *_timestamps(),
        **MYSQL)
    op.create_index('instance_actions_events_action_id_idx',
                    'instance_actions_events', ['action_id'])


def _create_flavors():
    op.create_table(
        'flavors', _id(),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('root_gb', sa.Integer),
        sa.Column('ephemeral_gb', sa.Integer),
        sa.Column('flavorid', sa.String(255), nullable=False),
        sa.Column('swap', sa.Integer, nullable=False),
        sa.Column('rxtx_factor', sa.Float),
        sa.Column('vcpu_weight', sa.Integer),
        sa.Column('disabled', sa.Boolean),
        sa.Column('is_public', sa.Boolean),
        sa.Column('description', sa.Text),
        *_timestamps(),
        sa.UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
        sa.UniqueConstraint('name', name='uniq_flavors0name'),
        **MYSQL)
    op.create_table(
        'flavor_extra_specs', _id(),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255)),
        sa.Column('flavor_id', sa.Integer,
                  sa.ForeignKey('flavors.id',
                                name='flavor_extra_specs_flavor_id_fkey'),
                  nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('flavor_id', 'key',
                            name='uniq_flavor_extra_specs0flavor_id0key'),
        **MYSQL)
    op.create_table(
        'flavor_projects', _id(),
        sa.Column('flavor_id', sa.Integer,
                  sa.ForeignKey('flavors.id',
                                name='flavor_projects_flavor_id_fkey'),
                  nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'),
        **MYSQL)


def _create_key_pairs():
    op.create_table(
        'key_pairs', _id(),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('fingerprint', sa.String(255)),
        sa.Column('public_key', sa.Text),
        sa.Column('type', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('user_id', 'name',
                            name='uniq_key_pairs0user_id0name'),
        **MYSQL)


def _create_scheduling():
    op.create_table(
        'allocations', _id(),
        sa.Column('resource_provider_uuid', sa.String(36), nullable=False),
        sa.Column('consumer_id', sa.String(36), nullable=False),
        sa.Column('resource_class', sa.String(255), nullable=False),
        sa.Column('used', sa.Integer, nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        *_timestamps(),
        sa.UniqueConstraint(
            'resource_provider_uuid', 'consumer_id', 'resource_class',
            name='uniq_allocations0provider0consumer0resource_class'),
        **MYSQL)
    op.create_index('allocations_consumer_id_idx', 'allocations',
                    ['consumer_id'])
    op.create_index('allocations_resource_provider_class_used_idx',
                    'allocations',
                    ['resource_provider_uuid', 'resource_class', 'used'])
    op.create_table(
        'request_specs', _id(),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('spec', sa.Text, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_request_specs0instance_uuid'),
        **MYSQL)


def upgrade():
    _create_services()
    _create_compute_nodes()
    _create_instances()
    _create_instance_children()
    _create_actions()
    _create_flavors()
    _create_key_pairs()
    _create_scheduling()
