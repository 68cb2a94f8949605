"""pecan hooks of nova-lite-api, one per concern.

In the order they run (``priority``, lower first):

* ``ContextHook`` (on_route): ``pecan.request.context`` becomes the
  RequestContext of the identity headers that auth left (X-User-Id,
  X-Project-Id, X-Roles …) and the request id oslo.middleware chose.
* ``MicroversionHook`` (on_route / after): negotiates
  ``pecan.request.api_version`` for compute paths and echoes it.
* ``JsonBodyHook`` (before): 415 / 400 for bodies that are not JSON.
* ``FaultHook`` (on_error): any exception becomes a fault response.

An exception raised in a hook or a controller ends in ``FaultHook``.
"""

import pecan

from nova_lite.api import common
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api import pecan_speedups
from nova_lite import context

pecan_speedups.apply()

COMPUTE_PREFIX = '/v2.1'
_BODY_METHODS = ('POST', 'PUT', 'PATCH')


def is_compute_api_path(path):
    """Paths that negotiate a compute microversion (not the version doc)."""
    return path.startswith(COMPUTE_PREFIX + '/') and path != (
        COMPUTE_PREFIX + '/')


class ContextHook(pecan.hooks.PecanHook):
    priority = 10

    def on_route(self, state):
        request = state.request
        request.context = context.RequestContext.from_environ(
            request.environ, remote_address=request.remote_addr)


class MicroversionHook(pecan.hooks.PecanHook):
    priority = 20

    def on_route(self, state):
        request = state.request
        # Outside /v2.1/... the version is the minimum and is not echoed.
        request.api_version = microversion.MIN_VERSION
        if is_compute_api_path(request.path_info):
            request.api_version = microversion.negotiate(request.headers)
            request.environ['nova_lite.api.echo_version'] = True

    def after(self, state):
        request = state.request
        if request.environ.get('nova_lite.api.echo_version'):
            state.response.headers.update(
                microversion.response_headers(request.api_version))


class JsonBodyHook(pecan.hooks.PecanHook):
    """Parse the JSON body before pecan routes the request.

    Routing makes pecan read ``request.json`` itself (to offer body keys as
    arguments), and it answers an undecodable body with a bare 400 of its
    own; parsing here first gives the client Nova's "Malformed request
    body" instead.
    """

    priority = 30

    def on_route(self, state):
        if state.request.method in _BODY_METHODS:
            common.parse_body(state.request)


class FaultHook(pecan.hooks.PecanHook):
    priority = 100

    def on_error(self, state, exc):
        return faults.error_response(state.request.environ, exc)
