"""[DEFAULT] options of nova-lite-compute."""

from oslo_config import cfg

default_opts = [
    cfg.StrOpt('compute_driver',
               default='fake.FakeDriver',
               help="""
The virtualization driver this compute uses, as ``module.Class`` under
``nova_lite.virt``.

Possible values:

* ``fake.FakeDriver``: no real guests; for tests and scale experiments.
* ``libvirt.LibvirtDriver``: KVM/QEMU through libvirt.
"""),
    cfg.FloatOpt('cpu_allocation_ratio',
                 default=None,
                 min=0.0,
                 help="""
Virtual CPU to physical CPU allocation ratio for this compute. When unset,
``initial_cpu_allocation_ratio`` is used.
"""),
    cfg.FloatOpt('ram_allocation_ratio',
                 default=None,
                 min=0.0,
                 help="""
Virtual RAM to physical RAM allocation ratio for this compute. When unset,
``initial_ram_allocation_ratio`` is used.
"""),
    cfg.FloatOpt('disk_allocation_ratio',
                 default=None,
                 min=0.0,
                 help="""
Virtual disk to physical disk allocation ratio for this compute. When unset,
``initial_disk_allocation_ratio`` is used.
"""),
    cfg.FloatOpt('initial_cpu_allocation_ratio', default=4.0, min=0.0,
                 help="CPU allocation ratio a new compute node starts with."),
    cfg.FloatOpt('initial_ram_allocation_ratio', default=1.0, min=0.0,
                 help="RAM allocation ratio a new compute node starts with."),
    cfg.FloatOpt('initial_disk_allocation_ratio', default=1.0, min=0.0,
                 help="Disk allocation ratio a new compute node starts "
                      "with."),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help="Host CPUs kept back from guests."),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help="Host memory (MiB) kept back from guests."),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help="Host disk (MiB) kept back from guests."),
    cfg.IntOpt('update_resources_interval',
               default=60,
               min=1,
               help="""
Seconds between two runs of the periodic task that reports this compute's
resources (a ``ComputeNode``) through the conductor.
"""),
]


def register_opts(conf):
    conf.register_opts(default_opts)


def list_opts():
    return {'DEFAULT': default_opts}
