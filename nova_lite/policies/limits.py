"""Rules of /limits: anyone reads their project's limits; administrators
read another project's (``?tenant_id=``)."""

from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:limits'
OTHER_PROJECT = BASE_POLICY_NAME + ':other_project'
# oslo.policy's "always allowed" (Nova's RULE_ANY).
ANYONE = '@'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=ANYONE,
        description='Show the rate and absolute limits of the project',
        operations=[{'method': 'GET', 'path': '/limits'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=OTHER_PROJECT,
        check_str=base.ADMIN,
        description='Show the limits of another project (tenant_id)',
        operations=[{'method': 'GET', 'path': '/limits'}],
        scope_types=['project']),
]


def list_rules():
    return rules
