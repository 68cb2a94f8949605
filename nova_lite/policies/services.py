"""Rules of os-services (administrators only, as in Nova)."""

from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-services:%s'


def _rule(action, description, operations):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=base.ADMIN,
        description=description, operations=operations,
        scope_types=['project'])


rules = [
    _rule('list', 'List the services',
          [{'method': 'GET', 'path': '/os-services'}]),
    _rule('update', 'Enable or disable a service, or force it down',
          [{'method': 'PUT', 'path': '/os-services/enable'},
           {'method': 'PUT', 'path': '/os-services/disable'},
           {'method': 'PUT', 'path': '/os-services/disable-log-reason'},
           {'method': 'PUT', 'path': '/os-services/force-down'},
           {'method': 'PUT', 'path': '/os-services/{service_id}'}]),
    _rule('delete', 'Delete a service',
          [{'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
]


def list_rules():
    return rules
