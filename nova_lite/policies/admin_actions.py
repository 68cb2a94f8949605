"""Rules of the administrators' server actions (Nova's names)."""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-admin-actions:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'reset_state', check_str=base.ADMIN,
        description='Reset the state of a server (vm_state active or '
                    'error, no task)',
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (os-resetState)'}],
        scope_types=['project']),
]


def list_rules():
    return rules
