"""Host states and requests for scheduler tests, without a database."""

from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_lite import objects
from nova_lite.scheduler import host_manager
from nova_lite.scheduler import utils

objects.register_all()


def compute_node(host='host1', **kwargs):
    values = dict(
        uuid=uuidutils.generate_uuid(), host=host, hypervisor_hostname=host,
        hypervisor_type='fake', hypervisor_version=1000,
        vcpus=8, memory_mb=8192, local_gb=100,
        cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0, reserved_host_cpus=0,
        reserved_host_memory_mb=0, reserved_host_disk_mb=0,
        cpu_info='{"arch": "x86_64"}')
    values.update(kwargs)
    return objects.ComputeNode(**values)


def service(host='host1', **kwargs):
    values = dict(host=host, binary='nova-lite-compute', topic='compute',
                  disabled=False, disabled_reason=None, forced_down=False,
                  availability_zone='nova', last_seen_up=timeutils.utcnow())
    values.update(kwargs)
    return objects.Service(**values)


def host_state(host='host1', usage=None, service_kwargs=None, **node_kwargs):
    return host_manager.HostState(
        compute_node(host, **node_kwargs),
        service(host, **(service_kwargs or {})), usage or {})


def flavor(vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0):
    return objects.Flavor(name='f', flavorid='f', vcpus=vcpus,
                          memory_mb=memory_mb, root_gb=root_gb,
                          ephemeral_gb=ephemeral_gb, swap=swap)


def request_spec(**kwargs):
    values = dict(project_id='p1', user_id='u1', flavor=flavor(),
                  image_ref=None, num_instances=1, availability_zone=None,
                  scheduler_hints={}, ignore_hosts=None, force_hosts=None,
                  force_nodes=None)
    values.update(kwargs)
    return objects.RequestSpec(**values)


def request(image_properties=None, instance_hosts=None, **spec_kwargs):
    return utils.SchedulingRequest(request_spec(**spec_kwargs),
                                   image_properties=image_properties,
                                   instance_hosts=instance_hosts)
