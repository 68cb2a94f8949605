"""Rules of the pause and unpause server actions (Nova's names).

The target is the server's owner: ``{'project_id', 'user_id'}``.
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-pause-server:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'pause', check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Pause a server',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (pause)'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'unpause',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Unpause a paused server',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (unpause)'}],
        scope_types=['project']),
]


def list_rules():
    return rules
