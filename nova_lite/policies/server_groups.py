"""Rules of os-server-groups (Nova's defaults).

The target of show and delete is the group's own project; listing and
creating are about the requester's project.
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-server-groups:%s'
# Nova's PROJECT_MEMBER: create has no administrator exception.
PROJECT_MEMBER = base.PROJECT_MEMBER


def _rule(action, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=check_str,
        description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


rules = [
    _rule('create', PROJECT_MEMBER, 'Create a new server group', 'POST',
          '/os-server-groups'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server group',
          'DELETE', '/os-server-groups/{server_group_id}'),
    _rule('index', base.PROJECT_READER_OR_ADMIN,
          'List the server groups of the project', 'GET',
          '/os-server-groups'),
    _rule('index:all_projects', base.ADMIN,
          'List the server groups of every project (all_projects)', 'GET',
          '/os-server-groups'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'Show a server group',
          'GET', '/os-server-groups/{server_group_id}'),
]


def list_rules():
    return rules
