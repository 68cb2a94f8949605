"""Rules of the servers API (used by api/openstack/compute/servers.py).

The target of a rule about an existing server is
``{'project_id': instance.project_id, 'user_id': instance.user_id}``; for
listing and creating, the requester's own project.
"""

from oslo_policy import policy

from nova_lite.policies import base

SERVERS = 'os_compute_api:servers:%s'
EXTENDED_ATTRIBUTES = 'os_compute_api:os-extended-server-attributes'


def _rule(name, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


rules = [
    _rule(SERVERS % 'index', base.PROJECT_READER_OR_ADMIN,
          'List servers', 'GET', '/servers'),
    _rule(SERVERS % 'detail', base.PROJECT_READER_OR_ADMIN,
          'List servers with details', 'GET', '/servers/detail'),
    _rule(SERVERS % 'index:get_all_tenants', base.ADMIN,
          'List the servers of every project (all_tenants)', 'GET',
          '/servers'),
    _rule(SERVERS % 'detail:get_all_tenants', base.ADMIN,
          'List the servers of every project with details (all_tenants)',
          'GET', '/servers/detail'),
    _rule(SERVERS % 'allow_all_filters', base.ADMIN,
          'Filter servers by any field (host, …), not only the ones '
          'non-admins may use', 'GET', '/servers'),
    _rule(SERVERS % 'show', base.PROJECT_READER_OR_ADMIN,
          'Show a server', 'GET', '/servers/{server_id}'),
    _rule(SERVERS % 'show:host_status', base.ADMIN,
          'Show host_status in server details (2.16)', 'GET',
          '/servers/{server_id}'),
    _rule(SERVERS % 'create', base.PROJECT_MEMBER_OR_ADMIN,
          'Create a server', 'POST', '/servers'),
    _rule(SERVERS % 'create:forced_host', base.ADMIN,
          'Create a server on a given host (availability_zone "az:host")',
          'POST', '/servers'),
    _rule(SERVERS % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete a server', 'DELETE', '/servers/{server_id}'),
    _rule(SERVERS % 'update', base.PROJECT_MEMBER_OR_ADMIN,
          'Update a server (name, description)', 'PUT',
          '/servers/{server_id}'),
    _rule(SERVERS % 'reboot', base.PROJECT_MEMBER_OR_ADMIN,
          'Reboot a server', 'POST', '/servers/{server_id}/action (reboot)'),
    _rule(SERVERS % 'stop', base.PROJECT_MEMBER_OR_ADMIN,
          'Stop a server', 'POST', '/servers/{server_id}/action (os-stop)'),
    _rule(SERVERS % 'start', base.PROJECT_MEMBER_OR_ADMIN,
          'Start a stopped server', 'POST',
          '/servers/{server_id}/action (os-start)'),
    _rule(EXTENDED_ATTRIBUTES, base.ADMIN,
          'Show the OS-EXT-SRV-ATTR attributes of servers', 'GET',
          '/servers/{server_id}'),
]


def list_rules():
    return rules
