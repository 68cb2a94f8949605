"""The resize server actions: resize (202), confirmResize (204),
revertResize (202), none with a body.

As Nova: an unknown or unusable flavor, the same flavor and a smaller disk
are 400s; a server that was not resized is a 400 "Instance has not been
resized."; a state that does not allow the action is a 409 (written by
``server_actions``); a quota the growth would break is a 403.
"""

from nova_lite.api.openstack.compute import action_registry
from nova_lite.api import policy
from nova_lite.api.schemas import migrate_server as schemas
from nova_lite.compute import api as compute_api
from nova_lite import exception
from nova_lite.policies import migrate_server as policies

_NO_BODY = [(None, '2.1', None)]

API = compute_api.API()


def _flavor_id(flavor_ref):
    """The id of a flavorRef: an id, or a link ending with it."""
    return str(flavor_ref).rstrip('/').rsplit('/', 1)[-1]


@action_registry.action('resize', body=[(schemas.resize, '2.1', None)],
                        response=_NO_BODY)
def resize(request, instance, value):
    context = request.context
    policy.authorize(context, policies.RESIZE,
                     policy.instance_target(instance))
    try:
        API.resize(context, instance, _flavor_id(value['flavorRef']))
    except exception.FlavorNotFound as exc:
        raise exception.Invalid(exc.format_message())


def _not_resized():
    return exception.Invalid('Instance has not been resized.')


@action_registry.action('confirmResize',
                        body=[(schemas.confirm_resize, '2.1', None)],
                        response=_NO_BODY, status=204)
def confirm_resize(request, instance, value):
    context = request.context
    policy.authorize(context, policies.CONFIRM_RESIZE,
                     policy.instance_target(instance))
    try:
        API.confirm_resize(context, instance)
    except exception.MigrationNotFound:
        raise _not_resized()


@action_registry.action('revertResize',
                        body=[(schemas.revert_resize, '2.1', None)],
                        response=_NO_BODY)
def revert_resize(request, instance, value):
    context = request.context
    policy.authorize(context, policies.REVERT_RESIZE,
                     policy.instance_target(instance))
    try:
        API.revert_resize(context, instance)
    except exception.MigrationNotFound:
        raise _not_resized()
