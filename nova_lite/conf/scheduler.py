"""[scheduler] and [filter_scheduler]: how nova-lite-scheduler picks hosts."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup(
    'scheduler',
    title='Scheduler options',
    help="""
How builds are placed and retried, whatever the filters and weighers.
""")

scheduler_opts = [
    cfg.IntOpt('max_attempts',
               default=3,
               min=1,
               help="""
Number of hosts a build may be tried on before the instance goes to ERROR.

The scheduler returns, with the host it claimed for an instance, up to
``max_attempts - 1`` alternate hosts. When a build fails on a compute in a
way another host may not (the driver raises a reschedulable error), the
conductor claims the next alternate and sends the build there, until this
many attempts were made.

Possible values:

* A positive integer; 1 disables rescheduling.
"""),
    cfg.FloatOpt('host_state_max_age',
                 default=1.0,
                 min=0.0,
                 help="""
Seconds the scheduler may reuse the compute nodes, services and usages it
read from the conductor before it reads them again.

Between two reads it counts its own claims in that view. The claim itself
is always checked against the database in the conductor, so a stale view
never overcommits a node: a claim that fails there makes the next request
read the view again. What a stale view can do is miss capacity freed by a
delete, a service disabled or a compute gone down for at most this long.

Possible values:

* 0: read the view for every request (one more conductor call each).
* A positive number of seconds.
"""),
]

filter_scheduler_group = cfg.OptGroup(
    'filter_scheduler',
    title='Filter scheduler options',
    help="""
The filters that decide which hosts can take an instance and the weighers
that rank the hosts that can.
""")

_DEFAULT_FILTERS = [
    'ComputeFilter',
    'AvailabilityZoneFilter',
    'RamFilter',
    'CoreFilter',
    'DiskFilter',
    'ImagePropertiesFilter',
    'SameHostFilter',
    'DifferentHostFilter',
    'ServerGroupAntiAffinityFilter',
    'ServerGroupAffinityFilter',
]

filter_scheduler_opts = [
    cfg.ListOpt('enabled_filters',
                default=_DEFAULT_FILTERS,
                help="""
Filters a host must pass to be considered, applied in this order.

Possible values:

* Class names of the filters under ``nova_lite.scheduler.filters``:
  ComputeFilter (the compute service is up and enabled),
  AvailabilityZoneFilter, RamFilter, CoreFilter, DiskFilter (the flavor fits
  in what is left, allocation ratios included), ImagePropertiesFilter
  (``img_hv_type``, ``hw_architecture``, ``img_hv_requested_version``),
  SameHostFilter and DifferentHostFilter (the ``same_host`` and
  ``different_host`` scheduler hints), ServerGroupAffinityFilter and
  ServerGroupAntiAffinityFilter (the hard policies of server groups, booted
  into with the ``group`` hint).

Related options:

* Hosts forced by an administrator (``availability_zone=zone:host``) skip
  the filters.
"""),
    cfg.FloatOpt('ram_weight_multiplier',
                 default=1.0,
                 help="""
Weight of free RAM when ranking hosts.

Possible values:

* Positive: prefer hosts with more free RAM (spread instances).
* Negative: prefer hosts with less free RAM (stack instances).
* 0: ignore free RAM.
"""),
    cfg.FloatOpt('cpu_weight_multiplier',
                 default=1.0,
                 help="""
Weight of free vCPUs when ranking hosts; the sign works as for
``ram_weight_multiplier``.
"""),
    cfg.FloatOpt('disk_weight_multiplier',
                 default=1.0,
                 help="""
Weight of free disk when ranking hosts; the sign works as for
``ram_weight_multiplier``.
"""),
    cfg.FloatOpt('soft_affinity_weight_multiplier',
                 default=1.0,
                 min=0.0,
                 help="""
Weight of the members of a ``soft-affinity`` server group a host already
runs, when ranking hosts for a new member: the more members, the better.

The policy never refuses a host, so a boot into a soft-affinity group
succeeds when its members' host is full. The free-resource weighers
(RAM, CPU, disk) pull the other way, towards emptier hosts: raise this
multiplier above their sum to keep members together whenever they fit.

Possible values:

* A positive number, or 0 to ignore the policy.

Related options:

* ``ram_weight_multiplier``, ``cpu_weight_multiplier``,
  ``disk_weight_multiplier``.
"""),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier',
                 default=1.0,
                 min=0.0,
                 help="""
Weight of the members of a ``soft-anti-affinity`` server group a host
already runs, when ranking hosts for a new member: the fewer members, the
better. The policy never refuses a host.

Possible values:

* A positive number, or 0 to ignore the policy.

Related options:

* ``soft_affinity_weight_multiplier`` (the same, for soft-affinity).
"""),
    cfg.IntOpt('host_subset_size',
               default=1,
               min=1,
               help="""
Choose the host at random among this many of the best ranked hosts.

1 always takes the best host. A larger value lowers the chance that two
schedulers working at the same time pick the same host and one of them
loses the claim.
"""),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_scheduler_group)
    conf.register_opts(filter_scheduler_opts, group=filter_scheduler_group)


def list_opts():
    return {scheduler_group: scheduler_opts,
            filter_scheduler_group: filter_scheduler_opts}
