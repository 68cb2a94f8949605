"""[quota] options: how much each project may use (count-based quotas).

Usage is counted from the rows themselves (live instances, key pairs) when
a request is checked, as Nova does since Pike: nothing is reserved, so
there is no usage table to drift out of sync.
"""

from oslo_config import cfg

quota_group = cfg.OptGroup(
    'quota',
    title='Quota options',
    help="""
Per-project limits, checked when a resource is created. The same limits
apply to every project; ``-1`` means unlimited.
""")

_UNLIMITED = """
Possible values:

* A positive integer or 0.
* -1 to disable the quota.
"""

quota_opts = [
    cfg.IntOpt('instances',
               default=10,
               min=-1,
               help="""
The number of instances allowed per project.
""" + _UNLIMITED),
    cfg.IntOpt('cores',
               default=20,
               min=-1,
               help="""
The number of instance cores (vCPUs) allowed per project.
""" + _UNLIMITED),
    cfg.IntOpt('ram',
               default=50 * 1024,
               min=-1,
               help="""
The number of megabytes of instance RAM allowed per project.
""" + _UNLIMITED),
    cfg.IntOpt('metadata_items',
               default=128,
               min=-1,
               help="""
The number of metadata items allowed per instance.
""" + _UNLIMITED),
    cfg.IntOpt('key_pairs',
               default=100,
               min=-1,
               help="""
The maximum number of key pairs allowed per user.
""" + _UNLIMITED),
    cfg.IntOpt('server_groups',
               default=10,
               min=-1,
               help="""
The maximum number of server groups per project.
""" + _UNLIMITED),
    cfg.IntOpt('server_group_members',
               default=10,
               min=-1,
               help="""
The maximum number of servers per server group.
""" + _UNLIMITED),
]


def register_opts(conf):
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts():
    return {quota_group: quota_opts}
