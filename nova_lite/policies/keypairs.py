"""Rules of os-keypairs: a user manages their own key pairs.

The target is ``{'user_id': <owner>}``: the caller's own id, or the
``user_id`` an administrator names (microversion 2.10).
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-keypairs:%s'
ADMIN_OR_OWNER = '(' + base.ADMIN + ') or user_id:%(user_id)s'


def _rule(action, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=ADMIN_OR_OWNER,
        description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


rules = [
    _rule('index', 'List key pairs', 'GET', '/os-keypairs'),
    _rule('create', 'Create or import a key pair', 'POST', '/os-keypairs'),
    _rule('delete', 'Delete a key pair', 'DELETE',
          '/os-keypairs/{keypair_name}'),
    _rule('show', 'Show a key pair', 'GET', '/os-keypairs/{keypair_name}'),
]


def list_rules():
    return rules
