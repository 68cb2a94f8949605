"""Rules of the resize server actions (Nova's names, under ``servers``).

The target is the server's owner: ``{'project_id', 'user_id'}``.
"""

from oslo_policy import policy

from nova_lite.policies import base

SERVERS = 'os_compute_api:servers:%s'
RESIZE = SERVERS % 'resize'
CONFIRM_RESIZE = SERVERS % 'confirm_resize'
REVERT_RESIZE = SERVERS % 'revert_resize'


def _rule(name, description, action):
    return policy.DocumentedRuleDefault(
        name=name, check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description=description,
        operations=[{'method': 'POST',
                     'path': '/servers/{server_id}/action (%s)' % action}],
        scope_types=['project'])


rules = [
    _rule(RESIZE, 'Resize a server', 'resize'),
    _rule(CONFIRM_RESIZE, 'Confirm a server resize', 'confirmResize'),
    _rule(REVERT_RESIZE, 'Revert a server resize', 'revertResize'),
]


def list_rules():
    return rules
