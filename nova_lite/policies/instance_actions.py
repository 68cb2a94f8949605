"""Rules of /servers/{server_id}/os-instance-actions (Nova's names).

``list`` and ``show`` let the server's project read its history. With
``events`` an action is shown with all of its events' details: before 2.51
the events themselves, from 2.51 (when everyone sees the events) their
``traceback``, and from 2.62 their ``host``.
"""

from oslo_policy import policy

from nova_lite.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-instance-actions:%s'


def _rule(action, check_str, description, path):
    return policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME % action, check_str=check_str,
        description=description,
        operations=[{'method': 'GET', 'path': path}],
        scope_types=['project'])


rules = [
    _rule('list', base.PROJECT_READER_OR_ADMIN,
          'List the actions recorded on a server',
          '/servers/{server_id}/os-instance-actions'),
    _rule('show', base.PROJECT_READER_OR_ADMIN,
          'Show an action recorded on a server',
          '/servers/{server_id}/os-instance-actions/{request_id}'),
    _rule('events', base.ADMIN,
          "Show the events of a server's action with every detail: "
          'the events before 2.51, their traceback from 2.51 and their '
          'host from 2.62. Checked after the show rule passes.',
          '/servers/{server_id}/os-instance-actions/{request_id}'),
]


def list_rules():
    return rules
