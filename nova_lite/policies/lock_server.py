"""Rules of the lock and unlock server actions (Nova's names).

A locked server refuses actions to everyone but administrators (checked by
``compute.api``). Unlocking a server someone else locked (an administrator
locked the server of a project member) needs ``unlock:unlock_override``.
The target is the server's owner: ``{'project_id', 'user_id'}``.
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-lock-server:%s'


def _rule(action, check_str, description, path_action):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=check_str,
        description=description,
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (%s)'
                             % path_action}],
        scope_types=['project'])


rules = [
    _rule('lock', base.PROJECT_MEMBER_OR_ADMIN, 'Lock a server', 'lock'),
    _rule('unlock', base.PROJECT_MEMBER_OR_ADMIN, 'Unlock a server',
          'unlock'),
    _rule('unlock:unlock_override', base.ADMIN,
          'Unlock a server that was locked by someone else (an '
          'administrator, or the owner for an administrator)', 'unlock'),
]


def list_rules():
    return rules
