"""Error responses: Nova's JSON fault bodies, and Glance's for /image.

Every compute API error is ``{"<faultName>": {"code": N, "message": "..."}}``
with Nova's fault name for the status. Exceptions of nova_lite carry their
status (``code``) and message; a webob ``HTTPException`` its status and
explanation; anything else is a 500 ``computeFault`` whose traceback goes to
the log only. The Glance subset under ``/image`` answers errors the way
Glance does: webob's own error page, which is JSON
(``{"message": ..., "code": "404 Not Found", "title": "Not Found"}``) when
the client accepts JSON, as openstacksdk does, and plain text otherwise.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob
import webob.exc

from nova_lite import exception

LOG = logging.getLogger(__name__)

FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    406: 'notAcceptable',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}
DEFAULT_FAULT = 'computeFault'

# environ key set on every response built here, so the outer FaultWrapper
# knows which error responses still need converting.
FAULT_MARK = 'nova_lite.api.fault'

UNEXPECTED = ('Unexpected API Error. Please report this at the nova_lite '
              'issue tracker and attach the nova-lite-api log if possible.'
              '\n%s')

IMAGE_PREFIX = '/image'

# Messages of errors raised by pecan, webob or oslo.middleware rather than
# by nova_lite (whose exceptions carry their own).
DEFAULT_MESSAGES = {
    404: 'The resource could not be found.',
    405: 'The method specified is not allowed for this resource.',
    413: 'Request is too large.',
}


def is_image_path(environ):
    path = environ.get('PATH_INFO', '')
    return path == IMAGE_PREFIX or path.startswith(IMAGE_PREFIX + '/')


def code_and_message(exc):
    """(status, client-safe message) of any exception."""
    if isinstance(exc, exception.NovaLiteException):
        return exc.code, exc.format_message()
    if isinstance(exc, webob.exc.HTTPException):
        return exc.code, (exc.detail or DEFAULT_MESSAGES.get(exc.code)
                          or exc.explanation)
    LOG.exception('Unexpected exception in API method')
    return 500, UNEXPECTED % type(exc)


def compute_fault(environ, code, message, headers=None):
    """A Nova fault response; marks ``environ`` as answered."""
    name = FAULT_NAMES.get(code, DEFAULT_FAULT)
    body = {name: {'code': code, 'message': message}}
    response = webob.Response(status=code, charset='utf-8',
                              content_type='application/json')
    response.text = jsonutils.dumps(body)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    environ[FAULT_MARK] = True
    if code >= 500:
        LOG.error('%(method)s %(path)s: %(code)s %(message)s',
                  {'method': environ.get('REQUEST_METHOD'),
                   'path': environ.get('PATH_INFO'), 'code': code,
                   'message': message.splitlines()[0]})
    return response


def image_fault(environ, code, message):
    """A Glance-style (webob) error response."""
    environ[FAULT_MARK] = True
    cls = webob.exc.status_map.get(code, webob.exc.HTTPInternalServerError)
    return cls(explanation=message)


def error_response(environ, exc):
    """The response for ``exc`` in the style of the API that was called."""
    code, message = code_and_message(exc)
    headers = {}
    if isinstance(exc, webob.exc.HTTPMethodNotAllowed) and exc.allow:
        headers['Allow'] = ', '.join(exc.allow)
    if is_image_path(environ):
        return image_fault(environ, code, message)
    return compute_fault(environ, code, message, headers)
