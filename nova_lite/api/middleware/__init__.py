"""WSGI middleware of nova-lite-api, outermost first (see api/app.py):

request_id.ComputeRequestId -> request_log.RequestLog -> /healthcheck
(oslo.middleware) | fault.FaultWrapper -> oslo.middleware's body size limit
-> auth (auth.NoAuth2 or keystonemiddleware's auth_token) -> pecan.
"""
