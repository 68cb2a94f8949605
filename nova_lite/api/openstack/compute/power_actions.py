"""The reboot, os-stop and os-start server actions.

Each checks its rule against the server's owner and asks ``compute.api``,
which refuses a server in the wrong state (409, see server_actions) or
locked (409 InstanceIsLocked) and otherwise records the instance action and
casts to the server's compute. All answer 202 with no body.
"""

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.compute import api as compute_api
from nova_lite.policies import servers as policies

_NO_BODY = [(None, '2.1', None)]

API = compute_api.API()


@action_registry.action('reboot', body=[(schemas.reboot, '2.1', None)],
                        response=_NO_BODY)
def reboot(request, instance, value):
    context = request.context
    policy.authorize(context, policies.SERVERS % 'reboot',
                     policy.instance_target(instance))
    API.reboot(context, instance, value['type'].upper())


@action_registry.action('os-stop', body=[(schemas.stop, '2.1', None)],
                        response=_NO_BODY)
def stop(request, instance, value):
    context = request.context
    policy.authorize(context, policies.SERVERS % 'stop',
                     policy.instance_target(instance))
    API.stop(context, instance)


@action_registry.action('os-start', body=[(schemas.start, '2.1', None)],
                        response=_NO_BODY)
def start(request, instance, value):
    context = request.context
    policy.authorize(context, policies.SERVERS % 'start',
                     policy.instance_target(instance))
    API.start(context, instance)
