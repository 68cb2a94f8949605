"""The lock and unlock server actions (202, no body).

From 2.73 ``lock`` takes an optional reason (``{"lock": {"locked_reason":
"..."}}``), shown as the server's ``locked_reason``. ``locked_by`` records
who locked it: ``owner`` (someone of the server's project) or ``admin``
(an administrator of another project). Unlocking a server the other side
locked needs the ``unlock:unlock_override`` rule (administrators), as in
Nova.
"""

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.compute import api as compute_api
from nova_lite.policies import lock_server as policies

_NO_BODY = [(None, '2.1', None)]

API = compute_api.API()


def supports_locked_reason(request):
    """2.73: lock takes a reason."""
    return request.api_version.matches('2.73')


def locked_by_other_side(context, instance):
    """True if the server was locked by the owner and the caller is of
    another project (an administrator), or the reverse."""
    caller = 'owner' if instance.project_id == context.project_id else (
        'admin')
    return bool(instance.locked_by) and instance.locked_by != caller


@action_registry.action('lock', body=[(schemas.lock, '2.1', '2.72'),
                                      (schemas.lock_v273, '2.73', None)],
                        response=_NO_BODY)
def lock(request, instance, value):
    context = request.context
    policy.authorize(context, policies.POLICY_ROOT % 'lock',
                     policy.instance_target(instance))
    reason = None
    if supports_locked_reason(request) and value is not None:
        reason = value.get('locked_reason')
    API.lock(context, instance, reason=reason)


@action_registry.action('unlock', body=[(schemas.unlock, '2.1', None)],
                        response=_NO_BODY)
def unlock(request, instance, value):
    context = request.context
    target = policy.instance_target(instance)
    policy.authorize(context, policies.POLICY_ROOT % 'unlock', target)
    if locked_by_other_side(context, instance):
        policy.authorize(context,
                         policies.POLICY_ROOT % 'unlock:unlock_override',
                         target)
    API.unlock(context, instance)
