"""Assemble the WSGI application of nova-lite-api.

Outermost first: request ids (oslo.middleware, plus x-compute-request-id),
the fault wrapper, the body size limit (oslo.middleware sizelimit,
``[oslo_middleware] max_request_body_size``), authentication except for
the version documents, then pecan with its hooks.
"""

from oslo_middleware import sizelimit
import pecan

import nova_lite.conf
from nova_lite.api import hooks
from nova_lite.api.middleware import auth
from nova_lite.api.middleware import fault
from nova_lite.api.middleware import request_id
from nova_lite.api.openstack import root
from nova_lite import exception

CONF = nova_lite.conf.CONF


class _Pecan(pecan.Pecan):
    """pecan, except that an empty 200 stays a 200.

    pecan turns every 200 without a body into a 204; Nova answers some
    requests (deleting an extra spec) with an empty 200. A controller
    that answers without a body returns ``common.empty_response(status)``.
    """

    def _handle_empty_response_body(self, state):
        if state.response.status_int in (204, 304):
            state.response.content_type = None


def make_pecan_app():
    """The pecan application alone (no middleware)."""
    return _Pecan(
        root.RootController(),
        hooks=[hooks.ContextHook(), hooks.MicroversionHook(),
               hooks.JsonBodyHook(), hooks.FaultHook()],
        # A flavor id may be "m1.tiny": never read a suffix as a format.
        guess_content_type_from_ext=False,
        force_canonical=False)


def _authenticated(application, strategy):
    if strategy == 'noauth2':
        return auth.NoAuth2(application)
    if strategy == 'keystone':
        try:
            from keystonemiddleware import auth_token
        except ImportError:
            # keystonemiddleware arrives with the identity API.
            raise exception.ConfigInvalid(reason=(
                '[api] auth_strategy = keystone needs keystonemiddleware, '
                'which is not installed; use noauth2 for tests'))
        return auth_token.AuthProtocol(application, {})
    raise exception.ConfigInvalid(
        reason='unknown [api] auth_strategy %s' % strategy)


def setup_app(conf=CONF):
    """The whole middleware stack around a new pecan app."""
    application = make_pecan_app()
    application = auth.PublicPaths(
        _authenticated(application, conf.api.auth_strategy), application)
    application = sizelimit.RequestBodySizeLimiter(application, conf)
    application = fault.FaultWrapper(application)
    return request_id.ComputeRequestId(application)
