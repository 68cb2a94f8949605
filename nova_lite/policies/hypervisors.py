"""Rules of os-hypervisors (administrators only, as in Nova)."""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-hypervisors:%s'


def _rule(action, description, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=base.ADMIN,
        description=description,
        operations=[{'method': 'GET', 'path': path}],
        scope_types=['project'])


rules = [
    _rule('list', 'List the hypervisors', '/os-hypervisors'),
    _rule('list-detail', 'List the hypervisors with details',
          '/os-hypervisors/detail'),
    _rule('statistics', 'Show the summed resources of all hypervisors',
          '/os-hypervisors/statistics'),
    _rule('show', 'Show a hypervisor', '/os-hypervisors/{hypervisor_id}'),
    _rule('uptime', 'Show the uptime of a hypervisor',
          '/os-hypervisors/{hypervisor_id}/uptime'),
    _rule('search', 'Find hypervisors by hostname (before 2.53)',
          '/os-hypervisors/{hypervisor_hostname_pattern}/search'),
    _rule('servers', 'List the servers of hypervisors (before 2.53)',
          '/os-hypervisors/{hypervisor_hostname_pattern}/servers'),
]


def list_rules():
    return rules
