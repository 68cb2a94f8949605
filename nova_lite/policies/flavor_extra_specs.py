from oslo_policy import policy

from nova_lite.policies import base

POLICY_ROOT = 'os_compute_api:os-flavor-extra-specs:%s'
_PATH = '/flavors/{flavor_id}/os-extra_specs'


def _rule(action, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=check_str,
        description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=['project'])


rules = [
    _rule('index', base.PROJECT_READER_OR_ADMIN,
          'List the extra specs of a flavor', 'GET', _PATH),
    _rule('show', base.PROJECT_READER_OR_ADMIN,
          'Show one extra spec of a flavor', 'GET', _PATH + '/{key}'),
    _rule('create', base.ADMIN,
          'Create or update extra specs of a flavor', 'POST', _PATH),
    _rule('update', base.ADMIN,
          'Update one extra spec of a flavor', 'PUT', _PATH + '/{key}'),
    _rule('delete', base.ADMIN,
          'Delete one extra spec of a flavor', 'DELETE', _PATH + '/{key}'),
]


def list_rules():
    return rules
