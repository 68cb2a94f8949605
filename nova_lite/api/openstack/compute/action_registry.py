"""The server actions ``POST /servers/{server_id}/action`` can run.

The body of an action request has one key, the action's name
(``{"os-stop": null}``, ``{"reboot": {"type": "SOFT"}}``). Each action is a
function registered here under that name, with its request and response
schemas per microversion::

    @action_registry.action(
        'reboot',
        body=[(schemas.reboot, '2.1', None)],
        response=[(None, '2.1', None)])
    def reboot(request, instance, value):
        ...

* ``request``: the pecan request (``request.context`` is the caller);
* ``instance``: the server, already loaded and visible to the caller;
* ``value``: the value under the action's key (``{"type": "SOFT"}``).

It returns None for an empty response (the action's ``status``, 202 by
default) or a dict for a body (``os-getConsoleOutput``: 200 with
``{"output": ...}``). ``body`` lists (schema, min_version, max_version) of
the whole request body; a version that no entry holds does not know the
action (400 "There is no such action"). ``response`` lists the same for
the returned body; a None schema means "no body".

Modules that define actions are imported by ``server_actions.py``, which
serves the route.
"""

import collections

Action = collections.namedtuple(
    'Action', ['name', 'func', 'body', 'response', 'status'])

_ACTIONS = {}


def action(name, *, body, response, status=202):
    """Register the decorated function as the action ``name``."""
    if not body or not response:
        raise ValueError('action %s needs request and response schemas'
                         % name)

    def decorator(func):
        if name in _ACTIONS:
            raise ValueError('action %s is registered twice' % name)
        _ACTIONS[name] = Action(name, func, list(body), list(response),
                                status)
        return func

    return decorator


def get(name):
    """The Action registered as ``name``, or None."""
    return _ACTIONS.get(name)


def all_actions():
    """{name: Action} of every registered action."""
    return dict(_ACTIONS)
