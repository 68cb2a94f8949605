"""WSGI middleware of nova-lite-api, outermost first (see api/app.py):

request_id.ComputeRequestId -> request_log.RequestLog -> /healthcheck
(oslo.middleware) | fault.FaultWrapper -> body_limit.BodySizeLimit
-> auth (auth.NoAuth2 or keystonemiddleware's auth_token) -> pecan.
"""
