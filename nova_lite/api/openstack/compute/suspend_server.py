"""The suspend and resume server actions (202, no body)."""

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.compute import api as compute_api
from nova_lite.policies import suspend_server as policies

_NO_BODY = [(None, '2.1', None)]

API = compute_api.API()


@action_registry.action('suspend', body=[(schemas.suspend, '2.1', None)],
                        response=_NO_BODY)
def suspend(request, instance, value):
    context = request.context
    policy.authorize(context, policies.POLICY_ROOT % 'suspend',
                     policy.instance_target(instance))
    API.suspend(context, instance)


@action_registry.action('resume', body=[(schemas.resume, '2.1', None)],
                        response=_NO_BODY)
def resume(request, instance, value):
    context = request.context
    policy.authorize(context, policies.POLICY_ROOT % 'resume',
                     policy.instance_target(instance))
    API.resume(context, instance)
