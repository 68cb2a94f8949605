"""[fake_driver] options: what the fake hypervisor pretends to have."""

from oslo_config import cfg

fake_group = cfg.OptGroup(
    'fake_driver',
    title='Fake virt driver options',
    help="""
Resources and behaviour of ``compute_driver = fake.FakeDriver``, the driver
that creates no real guests. Used by the tests and to run many computes on one
machine.
""")

fake_opts = [
    cfg.IntOpt('vcpus', default=16, min=1,
               help='Physical CPUs the fake hypervisor reports.'),
    cfg.IntOpt('memory_mb', default=32768, min=1,
               help='Memory (MiB) the fake hypervisor reports.'),
    cfg.IntOpt('local_gb', default=1024, min=1,
               help='Local disk (GiB) the fake hypervisor reports.'),
    cfg.StrOpt('hypervisor_type', default='fake',
               help='Hypervisor type reported for the node.'),
    cfg.IntOpt('hypervisor_version', default=1000,
               help='Hypervisor version reported for the node.'),
    cfg.FloatOpt('spawn_delay',
                 default=0.0,
                 min=0.0,
                 help="""
Seconds each spawn takes, to make builds observable (and deletable) while
they are under way.
"""),
    cfg.FloatOpt('action_delay',
                 default=0.0,
                 min=0.0,
                 help="""
Seconds each power action takes (reboot, power off and on, pause, unpause,
suspend, resume), to make an action observable while it is under way: its
task state stays set meanwhile, so a test can race another request against
it or restart the compute in the middle.

Related options:

* ``spawn_delay``
"""),
    cfg.StrOpt('spawn_failure',
               default='none',
               choices=[
                   ('none', 'Every spawn succeeds.'),
                   ('reschedule', 'Spawns fail with an error another host '
                                  'may not have: the build is retried on an '
                                  'alternate host.'),
                   ('fatal', 'Spawns fail for good: the instance goes to '
                             'ERROR with a fault.'),
               ],
               help="""
Make spawns fail, to exercise the reschedule and error paths.

Related options:

* ``spawn_failure_hosts``
"""),
    cfg.ListOpt('spawn_failure_hosts',
                default=[],
                help="""
Hosts (``[DEFAULT] host``) on which ``spawn_failure`` applies. Empty: every
host.
"""),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group: fake_opts}
