"""Request ids: oslo.middleware's, plus Nova's compat response header."""

from oslo_middleware import request_id

COMPAT_HEADER = 'x-compute-request-id'


class ComputeRequestId(request_id.RequestId):
    """Sets ``x-openstack-request-id`` and ``x-compute-request-id``.

    The id is in ``environ['openstack.request_id']``, where
    ``RequestContext.from_environ`` finds it.
    """

    compat_headers = [COMPAT_HEADER]
