"""os-resetState: an administrator sets a server's vm_state to active or
error and clears its task (202, no body). Recorded as the instance action
``resetState`` by compute.api."""

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.compute import api as compute_api
from nova_lite.policies import admin_actions as policies

API = compute_api.API()


@action_registry.action('os-resetState',
                        body=[(schemas.reset_state, '2.1', None)],
                        response=[(None, '2.1', None)])
def reset_state(request, instance, value):
    context = request.context
    policy.authorize(context, policies.POLICY_ROOT % 'reset_state',
                     policy.instance_target(instance))
    API.reset_state(context, instance, value['state'])
