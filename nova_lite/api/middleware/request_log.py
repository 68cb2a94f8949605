"""One log line per request, carrying its request id.

oslo.log stamps each line with the context of the thread that writes it
(``[req-… user project …]``). The API's context is built by
``hooks.ContextHook``, deep inside the stack; a line written before it (a
request refused by authentication) or by a thread reused from an earlier
request would carry a stale id. ``RequestLog`` therefore makes a context of
the request id the thread's context as soon as the id exists, and after the
response writes Nova's access line::

    127.0.0.1 "GET /v2.1/servers" status: 200 len: 15 time: 0.0123

with the identity authentication found (user, project) in its context.
``/healthcheck`` polls are logged at DEBUG only.
"""

import time

from oslo_log import log as logging

from nova_lite import context

LOG = logging.getLogger(__name__)

QUIET_PATHS = ('/healthcheck',)


class RequestLog:

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.monotonic()
        # The thread's logging context from here on (overwrite=True).
        context.RequestContext.from_environ(environ)
        seen = {}

        def recording_start_response(status, headers, exc_info=None):
            seen['status'] = status.split(' ', 1)[0]
            seen['length'] = next((value for name, value in headers
                                   if name.lower() == 'content-length'), '-')
            return start_response(status, headers, exc_info)

        try:
            return self.application(environ, recording_start_response)
        finally:
            self._log(environ, seen, time.monotonic() - started)

    @staticmethod
    def _log(environ, seen, elapsed):
        path = environ.get('PATH_INFO', '')
        if environ.get('QUERY_STRING'):
            path += '?' + environ['QUERY_STRING']
        level = (logging.DEBUG if environ.get('PATH_INFO', '').rstrip('/')
                 in QUIET_PATHS else logging.INFO)
        # Now with the identity headers authentication left, if any.
        ctxt = context.RequestContext.from_environ(environ, overwrite=False)
        LOG.log(level, '%(address)s "%(method)s %(path)s" status: %(status)s'
                ' len: %(length)s time: %(time).4f',
                {'address': environ.get('REMOTE_ADDR', '-'),
                 'method': environ.get('REQUEST_METHOD'), 'path': path,
                 'status': seen.get('status', '-'),
                 'length': seen.get('length', '-'), 'time': elapsed},
                context=ctxt)
