"""The base class of every resource controller.

A resource is a ``Controller`` (pecan's RestController) whose methods are
named by pecan's convention:

=====================  ==========================  =====================
method                 route                       example
=====================  ==========================  =====================
``get_all(self)``      ``GET /things``             list
``get_one(self, id)``  ``GET /things/{id}``        show
``post(self, body)``   ``POST /things``            create
``put(self, id, body)``  ``PUT /things/{id}``      update
``delete(self, id)``   ``DELETE /things/{id}``     delete
=====================  ==========================  =====================

plus ``_custom_actions = {'detail': ['GET']}`` for ``GET /things/detail``
and nested resources attached with ``pecan.route(Parent, 'os-name',
Child())`` (a child's methods get the parent's id first).
"""

import pecan
from pecan import rest


class Controller(rest.RestController):
    """RestController that answers 405, not 500, to a method called on a
    path without the ids it needs (``DELETE /flavors``)."""

    @pecan.expose()
    def _route(self, args, request=None):
        request = request or pecan.request
        controller, remainder = super()._route(args, request)
        if getattr(controller, '__self__', None) is self:
            spec = pecan.util.getargspec(controller)
            required = len(spec.args) - 1 - len(spec.defaults or ())
            given = len([a for a in remainder if a]) + len(
                request.pecan.get('routing_args', []))
            if given < required:
                pecan.abort(405)
        return controller, remainder
