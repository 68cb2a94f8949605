"""Options of nova-lite-api: [api] and the listener in [DEFAULT].

Also nova_lite's defaults for oslo.middleware's ``[healthcheck]``: the
``disable_by_file`` backend, so that ``GET /healthcheck`` answers ``OK`` and
an operator drains an API from its load balancer by creating
``$state_path/healthcheck_disable`` (503 until the file is removed), as
Nova's api-paste.ini sets it up.
"""

from oslo_config import cfg
from oslo_middleware.healthcheck import opts as healthcheck_opts

api_group = cfg.OptGroup(
    'api', title='API options',
    help='Options of the compute REST API (nova-lite-api).')

api_opts = [
    cfg.StrOpt('auth_strategy',
               default='keystone',
               choices=[
                   ('keystone', 'Tokens are validated by keystone '
                                '(keystonemiddleware auth_token).'),
                   ('noauth2', 'No authentication: X-Auth-Token is '
                               '"user:project[:role,role]" and is trusted. '
                               'Tests and development only.'),
               ],
               help="""
How the API authenticates requests.

``noauth2`` trusts whatever the client claims to be: never use it on an
endpoint anyone else can reach.
"""),
    cfg.IntOpt('max_limit',
               default=1000,
               min=1,
               help="""
The most items a list request returns in one page (``limit`` is capped to
it, and a request without ``limit`` gets this many). Clients follow the
``next`` link for the rest.
"""),
    cfg.StrOpt('response_validation',
               default='ignore',
               choices=[
                   ('error', 'A response that does not match its schema '
                             'is a 500 (for tests).'),
                   ('warn', 'Log a warning and send the response.'),
                   ('ignore', 'Do not check responses.'),
               ],
               help="""
What the API does when a response body does not match the JSON schema its
route declares. Checking costs CPU on every response (noticeably on long
server lists), so production API servers leave it at ``ignore``; test
deployments use ``error``.
"""),
    cfg.IntOpt('max_request_body_size',
               default=114688,
               min=0,
               help="""
The largest request body the API reads, in bytes (the default is
oslo.middleware's, 112 KiB). A larger body is refused with 413 before it is
read: at once when ``Content-Length`` says so, and as soon as a chunked body
goes past the limit otherwise. A server's user data and metadata fit well
within the default.

Related options:

* ``[api] max_limit``
"""),
]

listen_opts = [
    cfg.HostAddressOpt('osapi_compute_listen',
                       default='0.0.0.0',
                       help='IP address on which nova-lite-api listens.'),
    cfg.PortOpt('osapi_compute_listen_port',
                default=8774,
                help='Port on which nova-lite-api listens.'),
    cfg.IntOpt('osapi_compute_workers',
               default=16,
               min=1,
               help="""
Number of threads of nova-lite-api that serve requests concurrently (one
process; Nova's option of the same name counts processes). Requests beyond
this many wait in the listen queue.
"""),
]


def set_healthcheck_defaults():
    """nova_lite's defaults on oslo.middleware's healthcheck options (the
    option objects themselves, so that the sample shows them too)."""
    cfg.set_defaults(healthcheck_opts.HEALTHCHECK_OPTS,
                     backends=['disable_by_file'])
    cfg.set_defaults(healthcheck_opts.DISABLE_BY_FILE_OPTS,
                     disable_by_file_path='$state_path/healthcheck_disable')


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)
    conf.register_opts(listen_opts)
    set_healthcheck_defaults()


def list_opts():
    return {api_group: api_opts, 'DEFAULT': listen_opts}
