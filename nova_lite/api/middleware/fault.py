"""The outermost safety net: no traceback and no HTML ever reach a client."""

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob.dec
import webob.exc

from nova_lite.api import faults

LOG = logging.getLogger(__name__)


# Headers of an inner error response that its rebuilt fault keeps: how to
# authenticate (keystonemiddleware's 401 names the identity service).
KEPT_HEADERS = ('WWW-Authenticate',)


def _message_of(response):
    """The message of a webob error page asked for as JSON, if any.

    Also reads keystonemiddleware's error bodies,
    ``{"error": {"code": 401, "title": ..., "message": ...}}``.
    """
    if response.status_int in faults.DEFAULT_MESSAGES:
        return faults.DEFAULT_MESSAGES[response.status_int]
    try:
        body = jsonutils.loads(response.body)
        if isinstance(body.get('error'), dict):
            body = body['error']
        message = body.get('message')
    except (ValueError, TypeError, AttributeError):
        message = None
    if message:
        return message
    cls = webob.exc.status_map.get(response.status_int)
    return cls.explanation if cls else response.status


class FaultWrapper:
    """Turn what escapes the inner layers into fault responses.

    * An exception: logged with its traceback; the client gets a 500.
    * An error response that no fault helper built (oslo.middleware's 413,
      keystonemiddleware's 401): rebuilt as a fault of the same status,
      keeping ``KEPT_HEADERS``. Compute requests are made to accept JSON
      first so that webob's error pages carry their message as JSON, which
      is read back here.
    """

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        image = faults.is_image_path(req.environ)
        if not image:
            req.environ['HTTP_ACCEPT'] = 'application/json'
        try:
            response = req.get_response(self.application)
        except Exception as exc:
            return faults.error_response(req.environ, exc)
        if (response.status_int < 400
                or req.environ.get(faults.FAULT_MARK)):
            return response
        message = _message_of(response)
        if image:
            rebuilt = faults.image_fault(req.environ, response.status_int,
                                         message)
        else:
            rebuilt = faults.compute_fault(req.environ, response.status_int,
                                           message)
        for name in KEPT_HEADERS:
            if name in response.headers:
                rebuilt.headers[name] = response.headers[name]
        return rebuilt
