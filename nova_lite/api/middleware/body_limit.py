"""The request body size limit: ``[api] max_request_body_size``.

A body larger than the limit is a 413 (``overLimit``, Nova's fault), and
the API never reads more of it than the limit:

* with a ``Content-Length`` above the limit the request is answered at
  once, nothing of the body read;
* a body without ``Content-Length`` (``Transfer-Encoding: chunked``) is
  read through ``LimitedInput``, which stops one byte past the limit and
  raises ``RequestTooLarge``; the hook or controller that was reading the
  body ends in the fault handler like any other error.

oslo.middleware's ``sizelimit`` does the first; for the second it reads
the whole chunked body before it counts, which is what a limit is meant to
prevent, so nova_lite has this small one instead.
"""

from nova_lite.api import faults
from nova_lite import exception

# How much a read of "everything" asks the server for at a time.
CHUNK = 65536


class LimitedInput:
    """A ``wsgi.input`` that refuses to go past ``limit`` bytes."""

    def __init__(self, stream, limit):
        self._stream = stream
        self._limit = limit
        self._seen = 0

    def _read_some(self, size):
        # Never ask for more than one byte past the limit in total.
        size = min(size, self._limit + 1 - self._seen)
        data = self._stream.read(size) if size > 0 else b''
        self._seen += len(data)
        if self._seen > self._limit:
            raise exception.RequestTooLarge(limit=self._limit)
        return data

    def read(self, size=-1):
        if size is not None and size >= 0:
            return self._read_some(size)
        parts = []
        while True:
            data = self._read_some(CHUNK)
            if not data:
                return b''.join(parts)
            parts.append(data)

    def readline(self, size=-1):
        # JSON bodies are read whole; a line is as much as read gives.
        return self.read(size)

    def __iter__(self):
        while True:
            data = self._read_some(CHUNK)
            if not data:
                return
            yield data


class BodySizeLimit:
    """WSGI middleware: 413 for bodies over ``[api] max_request_body_size``
    (read from ``conf`` on every request, so a test may change it)."""

    def __init__(self, application, conf):
        self.application = application
        self.conf = conf

    def __call__(self, environ, start_response):
        limit = self.conf.api.max_request_body_size
        length = environ.get('CONTENT_LENGTH')
        if length:
            try:
                too_large = int(length) > limit
            except ValueError:
                too_large = False
            if too_large:
                response = faults.error_response(
                    environ, exception.RequestTooLarge(limit=limit))
                return response(environ, start_response)
        elif 'wsgi.input' in environ:
            environ['wsgi.input'] = LimitedInput(environ['wsgi.input'],
                                                 limit)
        return self.application(environ, start_response)
