"""A small cloud for the route-wide API tests (role matrix, negative
bodies): one of each resource a route can name, made through the objects
(fake conductor, SQLite), and a digest of the whole database.

``Cloud.path(route_path, version)`` fills a route's path parameters with
the ids of these resources.
"""

import hashlib
import uuid

from oslo_utils import timeutils
import sqlalchemy as sa

from nova_lite import context as nl_context
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite import objects

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
PROJECT = 'p1'
OWNER = 'alice'


class Cloud:
    """What ``build()`` made: ids by kind."""

    def __init__(self):
        self.ids = {}

    def path(self, template, version='2.1'):
        """``template`` with each ``{param}`` replaced by an id."""
        values = dict(self.ids)
        if template.startswith('/v2.1/os-services/'):
            # An action name below 2.53, the service's uuid from it.
            values['service_id'] = (
                self.ids['service_uuid'] if _at_least(version, '2.53')
                else 'disable')
        if template.startswith('/v2.1/os-hypervisors/'):
            values['hypervisor_id'] = (
                self.ids['node_uuid'] if _at_least(version, '2.53')
                else str(self.ids['node_id']))
        if '/metadata/' in template:
            values['key'] = 'color'
        if '/os-extra_specs/' in template:
            values['key'] = 'hw:cpu_policy'
        if '/os-instance-actions/' in template:
            values['request_id'] = self.ids['request_id']
        return template.format(**values)


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


def _flavors(ctx, suffix):
    """m1.tiny (with an extra spec), a private one p1 may use, a bigger
    one to resize to."""
    flavor = objects.Flavor(ctx, name='m1.tiny' + suffix,
                            flavorid='1' + suffix, memory_mb=512, vcpus=1,
                            root_gb=1,
                            extra_specs={'hw:cpu_policy': 'shared'})
    flavor.create()
    private = objects.Flavor(ctx, name='m1.private' + suffix,
                             flavorid='priv' + suffix, memory_mb=512,
                             vcpus=1, root_gb=1, is_public=False)
    private.create()
    private.add_access(PROJECT)
    objects.Flavor(ctx, name='m1.big' + suffix, flavorid='big' + suffix,
                   memory_mb=1024, vcpus=2, root_gb=2).create()
    return flavor


def build(suffix=''):
    """Flavors, an image, a compute service and node, a server of
    alice:p1 with metadata and an action, key pairs, a server group.

    ``suffix``: a second set beside the first (names and ids suffixed).
    """
    ctx = nl_context.get_admin_context()
    cloud = Cloud()
    suffix = suffix and '-' + suffix
    flavor = _flavors(ctx, suffix)
    if not suffix:
        objects.Image(ctx, id=IMAGE_ID, name='cirros', visibility='public',
                      min_ram=0).create()
    host = 'host1' + suffix
    service = objects.Service(ctx, host=host, binary='nova-lite-compute',
                              topic='compute', availability_zone='nova')
    service.create()
    service.report_count = 1
    service.save()
    node = objects.ComputeNode(
        ctx, host=host, hypervisor_hostname=host, service_id=service.id,
        hypervisor_type='fake', hypervisor_version=1000, vcpus=8,
        memory_mb=8192, local_gb=100, cpu_info='{}')
    node.create()
    server_uuid = str(uuid.uuid4())
    instance = objects.Instance(
        ctx, uuid=server_uuid, host=host, node=host,
        display_name='web', project_id=PROJECT, user_id=OWNER,
        vm_state='active', task_state=None, power_state=1, vcpus=1,
        memory_mb=512, launched_at=timeutils.utcnow(),
        root_gb=1, image_ref=IMAGE_ID, flavor=flavor,
        metadata={'color': 'blue'})
    instance.create()
    # A service hosting nothing, that DELETE /os-services/{id} may remove.
    spare = objects.Service(ctx, host='ctl' + suffix,
                            binary='nova-lite-conductor', topic='conductor',
                            availability_zone='internal')
    spare.create()
    request_id = 'req-%s' % uuid.uuid4()
    owner = nl_context.RequestContext(user_id=OWNER, project_id=PROJECT,
                                      request_id=request_id)
    objects.InstanceAction.action_start(owner, server_uuid, 'create')
    for user in ('admin', OWNER, 'rita', 'bob', 'nora'):
        objects.KeyPair(ctx, name='kp' + suffix, user_id=user, type='ssh',
                        public_key='ssh-rsa AAAA %s' % user,
                        fingerprint='aa:bb').create()
    group = objects.InstanceGroup(ctx, uuid=str(uuid.uuid4()), name='g1',
                                  project_id=PROJECT, user_id=OWNER,
                                  policy='affinity')
    group.create()
    cloud.ids.update(
        server_id=server_uuid, flavor_id=flavor.flavorid, name='kp' + suffix,
        priv_id='priv' + suffix, project_id=PROJECT, group_id=group.uuid,
        image_id=IMAGE_ID, pattern=host, service_uuid=service.uuid,
        service_int_id=spare.id, node_id=node.id, node_uuid=node.uuid,
        request_id=request_id)
    return cloud


def database_digest():
    """A digest of every row of every table: equal digests, nothing
    created, changed or deleted in between."""
    digest = hashlib.sha256()
    engine = db_api.get_engine()
    with engine.connect() as conn:
        for table in sorted(models.Base.metadata.tables.values(),
                            key=lambda t: t.name):
            rows = conn.execute(sa.select(table)).fetchall()
            digest.update(table.name.encode())
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(row.encode())
    return digest.hexdigest()
