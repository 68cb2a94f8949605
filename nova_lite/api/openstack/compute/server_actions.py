"""POST /servers/{server_id}/action: run the action the body names.

The body has one key, the action's name (``{"os-stop": null}``). The
action is looked up in ``action_registry`` (the modules imported below
register them), the whole body is checked with the action's schema for the
request's microversion, the server is loaded (another project's server is
a 404, before any policy check), and the action's handler runs: it checks
its policy against the server's owner and calls ``compute.api``. The answer
is the action's status with an empty body (202 for most), or 200 with the
handler's dict; that dict is checked against the action's response schema
as ``[api] response_validation`` says.

Nova's 409 for an action the server's state does not allow is written here
once for every action: "Cannot 'stop' instance <id> while it is in vm_state
stopped" (the verb is the action's name without its ``os-`` prefix, as in
Nova's messages).
"""

import pecan

from nova_lite.api import common
from nova_lite.api.openstack import base
from nova_lite.api.openstack.compute import action_registry
# Modules that register actions (imported for that effect).
from nova_lite.api.openstack.compute import admin_actions  # noqa: F401
from nova_lite.api.openstack.compute import console_output  # noqa: F401
from nova_lite.api.openstack.compute import lock_server  # noqa: F401
from nova_lite.api.openstack.compute import migrate_server  # noqa: F401
from nova_lite.api.openstack.compute import pause_server  # noqa: F401
from nova_lite.api.openstack.compute import power_actions  # noqa: F401
from nova_lite.api.openstack.compute import suspend_server  # noqa: F401
from nova_lite.api.schemas import server_actions as schemas
from nova_lite.api import validation
from nova_lite.compute import api as compute_api
from nova_lite import exception


def _pick(entries, version):
    """The (schema, min, max) of ``entries`` that holds ``version``."""
    for entry in entries:
        if version.matches(entry[1], entry[2]):
            return entry
    return None


def _verb(action_name):
    """The action as Nova's conflict message names it."""
    return action_name[3:] if action_name.startswith('os-') else action_name


def route_response_schema():
    """What any action may answer: nothing, or one of the registered
    bodies (each action's own schema is checked by the controller)."""
    bodies = []
    for action in action_registry.all_actions().values():
        for schema, _min, _max in action.response:
            if schema is not None and schema not in bodies:
                bodies.append(schema)
    return {'anyOf': [{'type': 'null'}] + bodies}


class ServerActionsController(base.Controller):
    """POST /servers/{server_id}/action."""

    def __init__(self):
        super().__init__()
        self.compute_api = compute_api.API()

    @pecan.expose('json')
    @validation.schema(schemas.action_body)
    @validation.query_schema(schemas.action_query)
    @validation.response_body_schema(route_response_schema())
    def post(self, server_id, body):
        request = pecan.request
        version = request.api_version
        name = common.action_name(body, action_registry.all_actions())
        action = action_registry.get(name)
        body_entry = _pick(action.body, version)
        if body_entry is None:
            # Not an action at this microversion.
            raise exception.Invalid('There is no such action: %s' % name)
        validation.validate(body_entry[0], body)
        instance = self.compute_api.get(request.context, server_id)
        try:
            result = action.func(request, instance, body[name])
        except exception.InstanceInvalidState as exc:
            raise common.invalid_state_conflict(exc, _verb(name), server_id)
        response_entry = _pick(action.response, version)
        if result is None:
            result = common.empty_response(action.status)
        else:
            pecan.response.status = action.status
        if response_entry is not None:
            validation.check_response(response_entry[0], result)
        return result
