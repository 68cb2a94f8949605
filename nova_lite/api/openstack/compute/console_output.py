"""os-getConsoleOutput: the tail of a server's console log (200).

``length`` (an integer, a numeric string or null) is the number of lines
wanted from the end; null or -1 mean all of it. Control characters other
than tab and newline are removed from the output, as Nova does.
"""

import re

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.compute import api as compute_api
from nova_lite.policies import console_output as policies

API = compute_api.API()

_CONTROL = re.compile('[\x00-\x08\x0b-\x1f]')


def _tail_length(value):
    length = value.get('length')
    if length is None or int(length) == -1:
        return None
    return int(length)


@action_registry.action(
    'os-getConsoleOutput',
    body=[(schemas.get_console_output, '2.1', None)],
    response=[(schemas.get_console_output_response, '2.1', None)],
    status=200)
def get_console_output(request, instance, value):
    context = request.context
    policy.authorize(context, policies.BASE_POLICY_NAME,
                     policy.instance_target(instance))
    output = API.get_console_output(context, instance,
                                    tail_length=_tail_length(value))
    return {'output': _CONTROL.sub('', output or '')}
