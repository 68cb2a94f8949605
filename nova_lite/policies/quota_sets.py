"""Rules of os-quota-sets (Nova's defaults): administrators set and reset
limits; a project's readers see its own; anyone sees the defaults.

The target is ``{'project_id': <the project in the URL>}``.
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-quota-sets:%s'
# oslo.policy's "always allowed" (Nova's RULE_ANY).
ANYONE = '@'


def _rule(action, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=check_str,
        description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


rules = [
    _rule('update', base.ADMIN, 'Update the quotas of a project', 'PUT',
          '/os-quota-sets/{tenant_id}'),
    _rule('defaults', ANYONE, 'List the default quotas', 'GET',
          '/os-quota-sets/{tenant_id}/defaults'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'Show the quotas of a '
          'project', 'GET', '/os-quota-sets/{tenant_id}'),
    _rule('delete', base.ADMIN, 'Revert the quotas of a project to the '
          'defaults', 'DELETE', '/os-quota-sets/{tenant_id}'),
    _rule('detail', base.PROJECT_READER_OR_ADMIN, 'Show the quotas of a '
          'project with their usage', 'GET',
          '/os-quota-sets/{tenant_id}/detail'),
]


def list_rules():
    return rules
