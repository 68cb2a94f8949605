"""Rules of /servers/{server_id}/metadata (Nova's names).

The target is the server's owner: ``{'project_id', 'user_id'}``.
"""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:server-metadata:%s'


def _rule(action, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=check_str,
        description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


rules = [
    _rule('index', base.PROJECT_READER_OR_ADMIN, "List a server's metadata",
          'GET', '/servers/{server_id}/metadata'),
    _rule('update_all', base.PROJECT_MEMBER_OR_ADMIN,
          "Replace all of a server's metadata", 'PUT',
          '/servers/{server_id}/metadata'),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN,
          "Create or update items of a server's metadata", 'POST',
          '/servers/{server_id}/metadata'),
    _rule('show', base.PROJECT_READER_OR_ADMIN,
          "Show one item of a server's metadata", 'GET',
          '/servers/{server_id}/metadata/{key}'),
    _rule('update', base.PROJECT_MEMBER_OR_ADMIN,
          "Create or update one item of a server's metadata", 'PUT',
          '/servers/{server_id}/metadata/{key}'),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN,
          "Delete one item of a server's metadata", 'DELETE',
          '/servers/{server_id}/metadata/{key}'),
]


def list_rules():
    return rules
