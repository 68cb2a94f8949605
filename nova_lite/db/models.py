"""SQLAlchemy models of the nova_lite database (Nova's table and column names).

The alembic migrations in ``nova_lite/db/migrations/versions`` create exactly
this schema; ``tests/unit/db/test_migrations.py`` compares both on SQLite,
MariaDB and PostgreSQL, so a change here needs a new migration.

Rows of services, compute_nodes, instances and instance_metadata are
soft-deleted: ``deleted`` is 0 while the row is live and takes the row's
``id`` when it is deleted, so unique constraints that include ``deleted``
allow a new live row next to any number of deleted ones. Every other table
is hard-deleted.
"""

import sqlalchemy as sa
from oslo_db.sqlalchemy import models
from sqlalchemy import orm

# MySQL/MariaDB: every table is InnoDB (transactions, row locks) in utf8mb4.
TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def table_args(*constraints):
    """``__table_args__`` made of ``constraints`` plus the MySQL options."""
    return tuple(constraints) + (dict(TABLE_ARGS),)


class Base(models.ModelBase, orm.DeclarativeBase):
    """Declarative base; oslo.db's ModelBase adds dict-style access."""


class _Timestamps(models.TimestampMixin):
    """created_at (set on insert) and updated_at (set on update)."""


class _SoftDelete(models.SoftDeleteMixin):
    """deleted_at, and deleted = 0 (live) or the row id (deleted)."""


class Service(Base, _Timestamps, _SoftDelete):
    __tablename__ = 'services'
    __table_args__ = table_args(
        sa.UniqueConstraint('host', 'topic', 'deleted',
                            name='uniq_services0host0topic0deleted'),
        sa.UniqueConstraint('host', 'binary', 'deleted',
                            name='uniq_services0host0binary0deleted'),
        sa.UniqueConstraint('uuid', name='uniq_services0uuid'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    binary = sa.Column(sa.String(255), nullable=True)
    topic = sa.Column(sa.String(255), nullable=True)
    report_count = sa.Column(sa.Integer, nullable=False, default=0)
    disabled = sa.Column(sa.Boolean, default=False)
    disabled_reason = sa.Column(sa.String(255), nullable=True)
    last_seen_up = sa.Column(sa.DateTime, nullable=True)
    forced_down = sa.Column(sa.Boolean, default=False)
    version = sa.Column(sa.Integer, default=0)
    availability_zone = sa.Column(sa.String(255), nullable=True)


class ComputeNode(Base, _Timestamps, _SoftDelete):
    __tablename__ = 'compute_nodes'
    __table_args__ = table_args(
        sa.UniqueConstraint(
            'host', 'hypervisor_hostname', 'deleted',
            name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
        sa.UniqueConstraint('uuid', name='uniq_compute_nodes0uuid'),
        sa.Index('compute_nodes_service_id_idx', 'service_id'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=True)
    service_id = sa.Column(sa.Integer, nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    hypervisor_hostname = sa.Column(sa.String(255), nullable=True)
    hypervisor_type = sa.Column(sa.String(255), nullable=True)
    hypervisor_version = sa.Column(sa.Integer, nullable=True)
    vcpus = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb = sa.Column(sa.Integer, nullable=False, default=0)
    vcpus_used = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb_used = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb_used = sa.Column(sa.Integer, nullable=False, default=0)
    running_vms = sa.Column(sa.Integer, nullable=False, default=0)
    cpu_allocation_ratio = sa.Column(sa.Float, nullable=True)
    ram_allocation_ratio = sa.Column(sa.Float, nullable=True)
    disk_allocation_ratio = sa.Column(sa.Float, nullable=True)
    reserved_host_cpus = sa.Column(sa.Integer, nullable=False, default=0)
    reserved_host_memory_mb = sa.Column(sa.Integer, nullable=False,
                                        default=0)
    reserved_host_disk_mb = sa.Column(sa.Integer, nullable=False, default=0)
    host_ip = sa.Column(sa.String(39), nullable=True)
    cpu_info = sa.Column(sa.Text, nullable=True)
    # Bumped by every allocation claim on this node (compare-and-swap).
    generation = sa.Column(sa.Integer, nullable=False, default=0)


class Instance(Base, _Timestamps, _SoftDelete):
    __tablename__ = 'instances'
    __table_args__ = table_args(
        sa.UniqueConstraint('uuid', name='uniq_instances0uuid'),
        sa.Index('instances_project_id_idx', 'project_id'),
        sa.Index('instances_host_node_deleted_idx',
                 'host', 'node', 'deleted'),
        sa.Index('instances_reservation_id_idx', 'reservation_id'),
        sa.Index('instances_deleted_created_at_idx', 'deleted',
                 'created_at'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    display_name = sa.Column(sa.String(255), nullable=True)
    display_description = sa.Column(sa.Text, nullable=True)
    hostname = sa.Column(sa.String(255), nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    node = sa.Column(sa.String(255), nullable=True)
    availability_zone = sa.Column(sa.String(255), nullable=True)
    image_ref = sa.Column(sa.String(255), nullable=True)
    flavor = sa.Column(sa.Text, nullable=True)
    memory_mb = sa.Column(sa.Integer, nullable=True)
    vcpus = sa.Column(sa.Integer, nullable=True)
    root_gb = sa.Column(sa.Integer, nullable=True)
    ephemeral_gb = sa.Column(sa.Integer, nullable=True)
    key_name = sa.Column(sa.String(255), nullable=True)
    key_data = sa.Column(sa.Text, nullable=True)
    vm_state = sa.Column(sa.String(255), nullable=True)
    task_state = sa.Column(sa.String(255), nullable=True)
    power_state = sa.Column(sa.Integer, nullable=True)
    launched_at = sa.Column(sa.DateTime, nullable=True)
    terminated_at = sa.Column(sa.DateTime, nullable=True)
    locked = sa.Column(sa.Boolean, default=False)
    locked_by = sa.Column(sa.String(255), nullable=True)
    locked_reason = sa.Column(sa.String(255), nullable=True)
    access_ip_v4 = sa.Column(sa.String(39), nullable=True)
    access_ip_v6 = sa.Column(sa.String(39), nullable=True)
    launch_index = sa.Column(sa.Integer, nullable=True)
    reservation_id = sa.Column(sa.String(255), nullable=True)
    config_drive = sa.Column(sa.String(255), nullable=True)


class InstanceMetadata(Base, _Timestamps, _SoftDelete):
    __tablename__ = 'instance_metadata'
    __table_args__ = table_args(
        sa.Index('instance_metadata_instance_uuid_idx', 'instance_uuid'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(
        sa.String(36),
        sa.ForeignKey('instances.uuid',
                      name='instance_metadata_instance_uuid_fkey'),
        nullable=True)
    key = sa.Column(sa.String(255), nullable=True)
    value = sa.Column(sa.String(255), nullable=True)


class Flavor(Base, _Timestamps):
    __tablename__ = 'flavors'
    __table_args__ = table_args(
        sa.UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
        sa.UniqueConstraint('name', name='uniq_flavors0name'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    root_gb = sa.Column(sa.Integer, nullable=True)
    ephemeral_gb = sa.Column(sa.Integer, nullable=True)
    flavorid = sa.Column(sa.String(255), nullable=False)
    swap = sa.Column(sa.Integer, nullable=False, default=0)
    rxtx_factor = sa.Column(sa.Float, default=1.0)
    vcpu_weight = sa.Column(sa.Integer, nullable=True)
    disabled = sa.Column(sa.Boolean, default=False)
    is_public = sa.Column(sa.Boolean, default=True)
    description = sa.Column(sa.Text, nullable=True)

    extra_specs = orm.relationship('FlavorExtraSpecs', lazy='raise',
                                   viewonly=True)
    projects = orm.relationship('FlavorProjects', lazy='raise',
                                viewonly=True)


class FlavorExtraSpecs(Base, _Timestamps):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = table_args(
        sa.UniqueConstraint('flavor_id', 'key',
                            name='uniq_flavor_extra_specs0flavor_id0key'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255), nullable=True)
    flavor_id = sa.Column(
        sa.Integer,
        sa.ForeignKey('flavors.id', name='flavor_extra_specs_flavor_id_fkey'),
        nullable=False)


class FlavorProjects(Base, _Timestamps):
    __tablename__ = 'flavor_projects'
    __table_args__ = table_args(
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    flavor_id = sa.Column(
        sa.Integer,
        sa.ForeignKey('flavors.id', name='flavor_projects_flavor_id_fkey'),
        nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)


class KeyPair(Base, _Timestamps):
    __tablename__ = 'key_pairs'
    __table_args__ = table_args(
        sa.UniqueConstraint('user_id', 'name',
                            name='uniq_key_pairs0user_id0name'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    fingerprint = sa.Column(sa.String(255), nullable=True)
    public_key = sa.Column(sa.Text, nullable=True)
    # 'ssh' or 'x509', validated by the KeyPair object's enum field.
    type = sa.Column(sa.String(255), nullable=False, default='ssh')


class InstanceFault(Base, _Timestamps):
    __tablename__ = 'instance_faults'
    __table_args__ = table_args(
        sa.Index('instance_faults_instance_uuid_idx', 'instance_uuid'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(
        sa.String(36),
        sa.ForeignKey('instances.uuid',
                      name='fk_instance_faults_instance_uuid'),
        nullable=True)
    code = sa.Column(sa.Integer, nullable=False)
    message = sa.Column(sa.String(255), nullable=True)
    details = sa.Column(sa.Text, nullable=True)
    host = sa.Column(sa.String(255), nullable=True)


class InstanceAction(Base, _Timestamps):
    __tablename__ = 'instance_actions'
    __table_args__ = table_args(
        sa.Index('instance_actions_instance_uuid_request_id_idx',
                 'instance_uuid', 'request_id'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    action = sa.Column(sa.String(255), nullable=True)
    instance_uuid = sa.Column(
        sa.String(36),
        sa.ForeignKey('instances.uuid',
                      name='fk_instance_actions_instance_uuid'),
        nullable=True)
    request_id = sa.Column(sa.String(255), nullable=True)
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    start_time = sa.Column(sa.DateTime, nullable=True)
    finish_time = sa.Column(sa.DateTime, nullable=True)
    message = sa.Column(sa.String(255), nullable=True)


class InstanceActionEvent(Base, _Timestamps):
    __tablename__ = 'instance_actions_events'
    __table_args__ = table_args(
        sa.Index('instance_actions_events_action_id_idx', 'action_id'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    event = sa.Column(sa.String(255), nullable=True)
    action_id = sa.Column(
        sa.Integer,
        sa.ForeignKey('instance_actions.id',
                      name='instance_actions_events_action_id_fkey'),
        nullable=True)
    start_time = sa.Column(sa.DateTime, nullable=True)
    finish_time = sa.Column(sa.DateTime, nullable=True)
    result = sa.Column(sa.String(255), nullable=True)
    traceback = sa.Column(sa.Text, nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    details = sa.Column(sa.Text, nullable=True)


class Allocation(Base, _Timestamps):
    __tablename__ = 'allocations'
    __table_args__ = table_args(
        sa.UniqueConstraint(
            'resource_provider_uuid', 'consumer_id', 'resource_class',
            name='uniq_allocations0provider0consumer0resource_class'),
        sa.Index('allocations_consumer_id_idx', 'consumer_id'),
        sa.Index('allocations_resource_provider_class_used_idx',
                 'resource_provider_uuid', 'resource_class', 'used'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    # The compute node's uuid: each node is its own resource provider.
    resource_provider_uuid = sa.Column(sa.String(36), nullable=False)
    # The instance's uuid.
    consumer_id = sa.Column(sa.String(36), nullable=False)
    resource_class = sa.Column(sa.String(255), nullable=False)
    used = sa.Column(sa.Integer, nullable=False)
    project_id = sa.Column(sa.String(255), nullable=True)
    user_id = sa.Column(sa.String(255), nullable=True)


class RequestSpec(Base, _Timestamps):
    __tablename__ = 'request_specs'
    __table_args__ = table_args(
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_request_specs0instance_uuid'),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    spec = sa.Column(sa.Text, nullable=False)


class FixedIp(Base, _Timestamps):
    """An address of the flat network held by an instance.

    A row exists only while the address is in use (rows are hard-deleted
    when the instance is deleted); the unique (network, address) constraint
    is what makes two concurrent allocations of one address impossible.
    """

    __tablename__ = 'fixed_ips'
    __table_args__ = table_args(
        sa.UniqueConstraint('network', 'address',
                            name='uniq_fixed_ips0network0address'),
        sa.UniqueConstraint('mac_address',
                            name='uniq_fixed_ips0mac_address'),
        sa.Index('fixed_ips_instance_uuid_idx', 'instance_uuid'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    # The network's label ([network] network_label).
    network = sa.Column(sa.String(255), nullable=False)
    address = sa.Column(sa.String(39), nullable=False)
    mac_address = sa.Column(sa.String(17), nullable=False)
    instance_uuid = sa.Column(
        sa.String(36),
        sa.ForeignKey('instances.uuid', name='fixed_ips_instance_uuid_fkey'),
        nullable=False)


class Image(Base, _Timestamps):
    """A Glance-style image record (no image data is stored).

    Hard-deleted, with its properties and tags.
    """

    __tablename__ = 'images'
    __table_args__ = table_args(
        sa.Index('images_owner_idx', 'owner'),
        sa.Index('images_visibility_idx', 'visibility'),
        sa.Index('images_name_idx', 'name'),
    )

    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=True)
    status = sa.Column(sa.String(30), nullable=False)
    # public, private, shared or community, as in Glance's v2 API.
    visibility = sa.Column(sa.String(20), nullable=False)
    protected = sa.Column(sa.Boolean, nullable=False, default=False)
    container_format = sa.Column(sa.String(32), nullable=True)
    disk_format = sa.Column(sa.String(32), nullable=True)
    min_disk = sa.Column(sa.Integer, nullable=False, default=0)
    min_ram = sa.Column(sa.Integer, nullable=False, default=0)
    size = sa.Column(sa.BigInteger, nullable=True)
    checksum = sa.Column(sa.String(32), nullable=True)
    owner = sa.Column(sa.String(255), nullable=True)

    properties = orm.relationship('ImageProperty', lazy='raise',
                                  viewonly=True)
    tags = orm.relationship('ImageTag', lazy='raise', viewonly=True)


class ImageProperty(Base, _Timestamps):
    __tablename__ = 'image_properties'
    __table_args__ = table_args(
        sa.UniqueConstraint('image_id', 'name',
                            name='uniq_image_properties0image_id0name'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    image_id = sa.Column(
        sa.String(36),
        sa.ForeignKey('images.id', name='image_properties_image_id_fkey'),
        nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.Text, nullable=True)


class ImageTag(Base, _Timestamps):
    __tablename__ = 'image_tags'
    __table_args__ = table_args(
        sa.UniqueConstraint('image_id', 'value',
                            name='uniq_image_tags0image_id0value'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    image_id = sa.Column(
        sa.String(36),
        sa.ForeignKey('images.id', name='image_tags_image_id_fkey'),
        nullable=False)
    value = sa.Column(sa.String(255), nullable=False)


class Migration(Base, _Timestamps, _SoftDelete):
    """A move of an instance between hosts (or on one host): a resize."""
    __tablename__ = 'migrations'
    __table_args__ = table_args(
        sa.UniqueConstraint('uuid', name='uniq_migrations0uuid'),
        sa.Index('migrations_instance_uuid_and_status_idx', 'deleted',
                 'instance_uuid', 'status'),
        sa.Index('migrations_by_host_nodes_and_status_idx', 'deleted',
                 'source_compute', 'dest_compute', 'status'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    instance_uuid = sa.Column(
        sa.String(36),
        sa.ForeignKey('instances.uuid', name='fk_migrations_instance_uuid'),
        nullable=False)
    # 'resize' or 'migration', as Nova's.
    migration_type = sa.Column(sa.String(255), nullable=True)
    status = sa.Column(sa.String(255), nullable=True)
    source_compute = sa.Column(sa.String(255), nullable=True)
    source_node = sa.Column(sa.String(255), nullable=True)
    dest_compute = sa.Column(sa.String(255), nullable=True)
    dest_node = sa.Column(sa.String(255), nullable=True)
    dest_host = sa.Column(sa.String(255), nullable=True)
    # The flavors before and after, as the instance row stores its own
    # (the JSON of the Flavor object's primitive).
    old_flavor = sa.Column(sa.Text, nullable=True)
    new_flavor = sa.Column(sa.Text, nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    user_id = sa.Column(sa.String(255), nullable=True)


class InstanceGroup(Base, _Timestamps):
    """A server group: one placement policy for its member instances."""
    __tablename__ = 'instance_groups'
    __table_args__ = table_args(
        sa.UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),
        sa.Index('instance_groups_project_id_idx', 'project_id'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    user_id = sa.Column(sa.String(255), nullable=True)
    # affinity, anti-affinity, soft-affinity or soft-anti-affinity.
    policy = sa.Column(sa.String(255), nullable=True)
    # JSON: {"max_server_per_host": N} for anti-affinity (API 2.64).
    rules = sa.Column(sa.Text, nullable=True)


class InstanceGroupMember(Base, _Timestamps):
    __tablename__ = 'instance_group_member'
    __table_args__ = table_args(
        sa.UniqueConstraint(
            'group_id', 'instance_uuid',
            name='uniq_instance_group_member0group_id0instance_uuid'),
        sa.Index('instance_group_member_instance_idx', 'instance_uuid'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    group_id = sa.Column(
        sa.Integer,
        sa.ForeignKey('instance_groups.id',
                      name='instance_group_member_group_id_fkey'),
        nullable=False)
    instance_uuid = sa.Column(sa.String(36), nullable=False)


class Quota(Base, _Timestamps):
    """A project's own limit of one resource, overriding ``[quota]``."""
    __tablename__ = 'quotas'
    __table_args__ = table_args(
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)
