"""Rules of os-availability-zone: anyone lists the zones, administrators
see their hosts and services."""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-availability-zone:%s'
# oslo.policy's "always allowed" (Nova's RULE_ANY).
ANYONE = '@'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'list',
        check_str=ANYONE,
        description='List the availability zones',
        operations=[{'method': 'GET', 'path': '/os-availability-zone'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'detail',
        check_str=base.ADMIN,
        description='List the availability zones with their hosts and '
                    'services',
        operations=[{'method': 'GET',
                     'path': '/os-availability-zone/detail'}],
        scope_types=['project']),
]


def list_rules():
    return rules
