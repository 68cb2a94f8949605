"""WSGI middleware of nova-lite-api, outermost first (see api/app.py):

request_id.ComputeRequestId -> fault.FaultWrapper -> oslo.middleware's body
size limit -> auth (noauth2 here; keystonemiddleware later) -> pecan.
"""
