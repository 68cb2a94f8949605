"""Services, compute nodes and instances for the admin API tests, made
through the objects (the fake conductor, SQLite)."""

import datetime
import uuid

from nova_lite import context as nl_context
from nova_lite import objects

COMPUTE = 'nova-lite-compute'


def admin_context():
    return nl_context.get_admin_context()


def service(host, binary=COMPUTE, zone=None, up=True, **values):
    """A registered service; ``up``: it has just heartbeated (else it was
    last heard of a day ago)."""
    if not up:
        values.setdefault('created_at', datetime.datetime(
            2020, 1, 1, tzinfo=datetime.timezone.utc))
    if zone is None:
        zone = 'nova' if binary == COMPUTE else 'internal'
    svc = objects.Service(admin_context(), host=host, binary=binary,
                          topic=binary.rsplit('-', 1)[-1],
                          availability_zone=zone, **values)
    svc.create()
    if up:
        svc.report_count = 1
        svc.save()
    return svc


def node(host, service_ref=None, **values):
    values.setdefault('hypervisor_hostname', host + '.example.org')
    values.setdefault('hypervisor_type', 'fake')
    values.setdefault('hypervisor_version', 1000)
    values.setdefault('vcpus', 8)
    values.setdefault('memory_mb', 16384)
    values.setdefault('local_gb', 200)
    values.setdefault('host_ip', '192.0.2.10')
    compute_node = objects.ComputeNode(
        admin_context(), host=host,
        service_id=service_ref.id if service_ref else None, **values)
    compute_node.create()
    return compute_node


def instance(host, node_name, name='vm', project_id='p1', **values):
    inst = objects.Instance(
        admin_context(), uuid=str(uuid.uuid4()), host=host, node=node_name,
        display_name=name, project_id=project_id, user_id='alice',
        vm_state='active', vcpus=values.pop('vcpus', 1),
        memory_mb=values.pop('memory_mb', 512), **values)
    inst.create()
    return inst


def compute(host, **node_values):
    """A compute service that is up, with one node."""
    svc = service(host)
    return svc, node(host, svc, **node_values)
