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
    cfg.BoolOpt('allow_resize_to_same_host',
                default=False,
                help="""
Allow a resize to choose the host the server already runs on.

Read by nova-lite-api when it accepts a resize: when false, the server's
current host is excluded from the hosts the scheduler may choose for the new
flavor, so the resize always moves the server. When true, the source host is
one candidate among others; during a resize to the same host both the old
and the new flavor are allocated on it until the resize is confirmed or
reverted.

Possible values:

* False (default): always resize to another host.
* True: the current host may be chosen (for one-host deployments).
"""),
    cfg.IntOpt('sync_power_state_interval',
               default=600,
               help="""
Seconds between two runs of the periodic task that reconciles the power
states the hypervisor reports with those of the database
(``_sync_power_states``).

Each run lists this host's instances (one call to the conductor) and asks
the driver about each guest. An instance with a task under way is skipped.
Otherwise the hypervisor's power state is stored, and a guest that stopped by
itself (or crashed) stops its instance, while a stopped instance whose guest
runs has its guest powered off, as ``os-stop`` would.

Possible values:

* A positive integer: the interval in seconds.
* 0: run at the default interval of periodic tasks (60 seconds).
* A negative integer: never reconcile.

Related options:

* ``periodic_enable``: when false, no periodic task runs at all.
"""),
]


def register_opts(conf):
    conf.register_opts(default_opts)


def list_opts():
    return {'DEFAULT': default_opts}
