"""Rules of os-aggregates (only the list is served: there are no host
aggregates here, and ``openstack hypervisor show`` asks for them)."""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-aggregates:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.ADMIN,
        description='List the host aggregates',
        operations=[{'method': 'GET', 'path': '/os-aggregates'}],
        scope_types=['project']),
]


def list_rules():
    return rules
