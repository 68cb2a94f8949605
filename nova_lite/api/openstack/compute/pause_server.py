"""The pause and unpause server actions (202, no body)."""

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.compute import api as compute_api
from nova_lite.policies import pause_server as policies

_NO_BODY = [(None, '2.1', None)]

API = compute_api.API()


@action_registry.action('pause', body=[(schemas.pause, '2.1', None)],
                        response=_NO_BODY)
def pause(request, instance, value):
    context = request.context
    policy.authorize(context, policies.POLICY_ROOT % 'pause',
                     policy.instance_target(instance))
    API.pause(context, instance)


@action_registry.action('unpause', body=[(schemas.unpause, '2.1', None)],
                        response=_NO_BODY)
def unpause(request, instance, value):
    context = request.context
    policy.authorize(context, policies.POLICY_ROOT % 'unpause',
                     policy.instance_target(instance))
    API.unpause(context, instance)
