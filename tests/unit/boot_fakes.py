"""A small cloud in the test's database: computes, flavors, instances.

For the scheduler, conductor and compute tests of the boot path, which run
on the real objects (SQLite) so claims, CAS saves and events are real.
"""

import contextlib

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.objects import base as obj_base

objects.register_all()


def user_context(request_id='req-boot-1'):
    return nl_context.RequestContext(user_id='u1', project_id='p1',
                                     is_admin=True, request_id=request_id)


def add_compute(ctx, host, zone='nova', vcpus=8, memory_mb=8192,
                local_gb=100, **node_values):
    """A compute service (up) and its node, as a resource tracker would."""
    service = objects.Service(context=ctx, host=host,
                              binary='nova-lite-compute', topic='compute',
                              report_count=0, availability_zone=zone)
    service.create()
    values = dict(host=host, hypervisor_hostname=host, service_id=service.id,
                  hypervisor_type='fake', hypervisor_version=1000,
                  vcpus=vcpus, memory_mb=memory_mb, local_gb=local_gb,
                  cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
                  disk_allocation_ratio=1.0, reserved_host_cpus=0,
                  reserved_host_memory_mb=0, reserved_host_disk_mb=0,
                  cpu_info='{"arch": "x86_64"}', generation=0)
    values.update(node_values)
    node = objects.ComputeNode(context=ctx, **values)
    node.create()
    return node


def flavor(vcpus=1, memory_mb=1024, root_gb=10, ephemeral_gb=0, swap=0):
    return objects.Flavor(name='f%d' % memory_mb, flavorid='f%d' % memory_mb,
                          vcpus=vcpus, memory_mb=memory_mb, root_gb=root_gb,
                          ephemeral_gb=ephemeral_gb, swap=swap)


def request_spec(ctx, the_flavor=None, num_instances=1, **values):
    spec = objects.RequestSpec(
        context=ctx, project_id=ctx.project_id, user_id=ctx.user_id,
        flavor=the_flavor or flavor(), image_ref=None,
        num_instances=num_instances, availability_zone=None,
        scheduler_hints={}, ignore_hosts=None, force_hosts=None,
        force_nodes=None, image=None)
    for name, value in values.items():
        setattr(spec, name, value)
    return spec


def create_instances(ctx, spec, count=1):
    """``count`` instances of a boot request, as the API creates them."""
    new = [objects.Instance(
        ctx, display_name='vm%d' % i, flavor=spec.flavor,
        vcpus=spec.flavor.vcpus, memory_mb=spec.flavor.memory_mb,
        root_gb=spec.flavor.root_gb, ephemeral_gb=spec.flavor.ephemeral_gb,
        image_ref=spec.image_ref) for i in range(count)]
    return list(objects.InstanceList.create_for_build(ctx, new, spec))


def usage_of(ctx, consumer_id):
    """{resource provider uuid: {rc: used}} the consumer holds."""
    found = {}
    for alloc in objects.AllocationList.get_all_by_consumer_id(
            ctx, consumer_id):
        found.setdefault(alloc.resource_provider_uuid, {})[
            alloc.resource_class] = alloc.used
    return found


@contextlib.contextmanager
def indirection(api):
    """Send remotable calls to ``api`` (e.g. a counting FakeConductor)."""
    saved = obj_base.NovaLiteObject.indirection_api
    obj_base.NovaLiteObject.indirection_api = api
    try:
        yield api
    finally:
        obj_base.NovaLiteObject.indirection_api = saved
