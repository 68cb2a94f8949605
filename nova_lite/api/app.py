"""Assemble the WSGI application of nova-lite-api.

Outermost first: request ids (oslo.middleware, plus x-compute-request-id);
the request log (the request id as the thread's logging context, one access
line per request); ``/healthcheck`` (oslo.middleware's healthcheck app, no
token needed, as Nova's api-paste mounts it); the fault wrapper; the body
size limit (``[api] max_request_body_size``, ``middleware/body_limit.py``);
authentication (``[api] auth_strategy``) except for the version documents;
then pecan with its hooks.
"""

from oslo_middleware import healthcheck
import pecan

import nova_lite.conf
from nova_lite.api import hooks
from nova_lite.api.middleware import auth
from nova_lite.api.middleware import body_limit
from nova_lite.api.middleware import fault
from nova_lite.api.middleware import request_id
from nova_lite.api.middleware import request_log
from nova_lite.api.openstack import root
from nova_lite import exception

CONF = nova_lite.conf.CONF

HEALTHCHECK_PATH = '/healthcheck'


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


def _keystone(application, conf):
    """keystonemiddleware's auth_token, configured by ``[keystone_authtoken]``
    of ``conf``. It validates ``X-Auth-Token`` with the identity service and
    leaves X-User-Id, X-Project-Id, X-Roles, X-Service-Catalog … for
    ``hooks.ContextHook``; an invalid token is its 401, which the fault
    wrapper turns into Nova's ``unauthorized`` body."""
    try:
        from keystonemiddleware import auth_token
    except ImportError:
        raise exception.ConfigInvalid(reason=(
            '[api] auth_strategy = keystone needs keystonemiddleware, which '
            'is not installed (pip install keystonemiddleware)'))
    return auth_token.AuthProtocol(application,
                                   {'oslo_config_config': conf})


def _authenticated(application, conf):
    strategy = conf.api.auth_strategy
    if strategy == 'noauth2':
        return auth.NoAuth2(application)
    if strategy == 'keystone':
        return _keystone(application, conf)
    raise exception.ConfigInvalid(
        reason='unknown [api] auth_strategy %s' % strategy)


class _Mount:
    """Send ``path`` to ``special`` and everything else to ``default``."""

    def __init__(self, path, special, default):
        self.path = path
        self.special = special
        self.default = default

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '').rstrip('/') == self.path:
            return self.special(environ, start_response)
        return self.default(environ, start_response)


def setup_app(conf=CONF):
    """The whole middleware stack around a new pecan app."""
    application = make_pecan_app()
    application = auth.PublicPaths(
        _authenticated(application, conf), application)
    application = body_limit.BodySizeLimit(application, conf)
    application = fault.FaultWrapper(application)
    # Outside the fault wrapper: a load balancer gets the healthcheck's own
    # answers (200 "OK", or 503 when [healthcheck] backends say so).
    application = _Mount(HEALTHCHECK_PATH,
                         healthcheck.Healthcheck(None, conf), application)
    application = request_log.RequestLog(application)
    return request_id.ComputeRequestId(application)
