"""Every route of nova-lite-api, found by walking the pecan controller tree.

``routes()`` walks from ``nova_lite.api.openstack.root.RootController``:

* a plain controller object serves ``index`` at its own path and each other
  exposed method at ``<path>/<name>`` (GET); its controller attributes are
  sub-paths (``pecan.route`` names such as ``v2.1`` included);
* a ``RestController`` serves ``get_all`` / ``post`` at its path,
  ``get_one`` / ``put`` / ``delete`` at ``<path>/{id}``, each custom action
  at ``<path>[/{id}]/<name>``, and its child controllers below an item
  (``/flavors/{flavor_id}/os-extra_specs``). Path parameters are named after
  the method's parameters.

``actions()`` lists the body-dispatched actions: those of
``action_registry`` (``POST /servers/{server_id}/action``) and of any
controller with an ``action_table()`` (``POST /flavors/{flavor_id}/action``).

Route keys are ``"METHOD /path/{param}"`` strings; action keys
``"POST /path action:<name>"``. This module imports nova_lite: the
functional suite uses it only in a child process (``tests/negative.py``).
"""

import collections
import inspect

import pecan.rest

Route = collections.namedtuple('Route', ['method', 'path', 'controller',
                                         'func'])
Action = collections.namedtuple('Action', ['path', 'name', 'body',
                                           'response', 'status'])

SERVER_ACTION_PATH = '/v2.1/servers/{server_id}/action'
# (method name, HTTP method, on an item): pecan's RestController names,
# plus ``update_all`` (PUT on the collection: server metadata, routed by the
# controller's own ``_handle_put``, as Nova names it).
_REST_METHODS = (('get_all', 'GET', False), ('get_one', 'GET', True),
                 ('post', 'POST', False), ('put', 'PUT', True),
                 ('update_all', 'PUT', False), ('delete', 'DELETE', True))
REST_NAMES = frozenset(name for name, _m, _i in _REST_METHODS)


def route_key(route):
    return '%s %s' % (route.method, route.path)


def action_key(action):
    return 'POST %s action:%s' % (action.path, action.name)


def _exposed(func):
    return callable(func) and getattr(func, 'exposed', False)


def _is_controller(value):
    module = getattr(type(value), '__module__', '') or ''
    return (module.startswith('nova_lite.api.openstack')
            and not inspect.isroutine(value) and not inspect.isclass(value))


def _params(func):
    return [name for name in inspect.signature(func).parameters
            if name not in ('self', 'body')]


def _children(controller):
    for name in sorted(dir(type(controller))):
        if name.startswith('_'):
            continue
        value = getattr(controller, name, None)
        if _is_controller(value):
            yield name, value


def _walk_plain(controller, path, params):
    for name in sorted(dir(type(controller))):
        if name.startswith('_'):
            continue
        value = getattr(controller, name, None)
        if _exposed(value):
            yield Route('GET', path or '/' if name == 'index'
                        else '%s/%s' % (path, name), controller, value)
    for name, child in _children(controller):
        yield from _walk(child, '%s/%s' % (path, name), params)


def _walk_rest(controller, path, params):
    item_param = None
    for name, method, item in _REST_METHODS:
        func = getattr(controller, name, None)
        if not _exposed(func):
            continue
        own = _params(func)[len(params):]
        if item and own:
            item_param = item_param or own[0]
        yield Route(method, path + ''.join('/{%s}' % p for p in own),
                    controller, func)
    # Other methods of the collection path (PUT /servers/{id}/metadata).
    for method, name in sorted(getattr(controller, '_collection_methods',
                                       {}).items()):
        yield Route(method.upper(), path, controller,
                    getattr(controller, name))
    for name, methods in sorted(getattr(controller, '_custom_actions',
                                        {}).items()):
        func = getattr(controller, name)
        own = _params(func)[len(params):]
        sub = path + ''.join('/{%s}' % p for p in own) + '/' + name
        for method in methods:
            yield Route(method.upper(), sub, controller, func)
    item_param = item_param or 'id'
    for name, child in _children(controller):
        if name in getattr(controller, '_custom_actions', {}):
            continue
        yield from _walk(child, '%s/{%s}/%s' % (path, item_param, name),
                         params + [item_param])


def _walk(controller, path, params):
    if isinstance(controller, pecan.rest.RestController):
        return _walk_rest(controller, path, params)
    return _walk_plain(controller, path, params)


def unrouted_methods():
    """``Controller.method`` names of exposed RestController methods the
    walker does not know how pecan reaches (neither a REST name nor a
    custom action): a new routing convention to teach ``_walk_rest``."""
    from nova_lite.api.openstack import root
    found = set()
    for route in _walk(root.RootController(), '', []):
        controller = route.controller
        if not isinstance(controller, pecan.rest.RestController):
            continue
        known = REST_NAMES | set(getattr(controller, '_custom_actions', {}))
        for name in dir(type(controller)):
            if not name.startswith('_') and name not in known and _exposed(
                    getattr(controller, name, None)):
                found.add('%s.%s' % (type(controller).__name__, name))
    return sorted(found)


def routes():
    """Every Route, sorted by path then method."""
    from nova_lite.api.openstack import root
    found = {route_key(r): r for r in _walk(root.RootController(), '', [])}
    return [found[key] for key in sorted(
        found, key=lambda k: (k.split(' ', 1)[1], k))]


def actions():
    """Every Action of the body-dispatched action routes."""
    from nova_lite.api.openstack.compute import action_registry
    result = []
    for route in routes():
        if route.method != 'POST':
            continue
        table = None
        if hasattr(route.controller, 'action_table'):
            table = route.controller.action_table()
        elif route.path == SERVER_ACTION_PATH:
            table = action_registry.all_actions()
        for name, entry in sorted((table or {}).items()):
            result.append(Action(route.path, name, entry.body,
                                 entry.response, entry.status))
    return result


def is_action_route(route):
    """True for a route whose body names an action (see ``actions``)."""
    return (route.path == SERVER_ACTION_PATH
            or hasattr(route.controller, 'action_table'))
