"""Rules of the suspend and resume server actions (Nova's names).

The target is the server's owner: ``{'project_id', 'user_id'}``.
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-suspend-server:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'suspend',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Suspend a server',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (suspend)'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'resume',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Resume a suspended server',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (resume)'}],
        scope_types=['project']),
]


def list_rules():
    return rules
