"""openstacksdk against nova-lite-api, with a static token and no Keystone.

The recipe
==========

nova-lite-api with ``[api] auth_strategy = noauth2`` trusts a token of the
form ``user:project[:role,role]``; there is no identity service to
authenticate against and no service catalog. openstacksdk still needs a
keystoneauth *auth plugin* to build its session, and the one that fits is
``admin_token`` (keystoneauth1's ``token_endpoint.Token``; openstacksdk also
accepts the spelling ``token_endpoint`` and maps it to ``admin_token``):

* ``get_token()`` returns the static token, which the session sends as
  ``X-Auth-Token`` on every authenticated request;
* ``get_auth_ref()`` is ``None``: no catalog, no scope, no token fetch;
* ``get_endpoint()`` returns ``auth['endpoint']`` whatever the service.

Because every service would otherwise share that one endpoint, each service
the tests use gets its own ``<service>_endpoint_override``
(``compute_endpoint_override``, ``image_endpoint_override``). openstacksdk's
``CloudRegion.get_endpoint()`` prefers the override, and
``ServiceDescription`` builds the proxy directly from it, with the major
version from the defaults (``compute_api_version = 2``), without a catalog.

``load_yaml_config=False, load_envvars=False`` keep a developer's
``clouds.yaml`` and ``OS_*`` variables out of the tests.
``strict_proxies`` stays off: with it, openstacksdk also runs discovery on
the *versioned* image URL it found (``/image/v2/``), which Glance's subset
here need not answer. Instead the suite checks compute's discovery itself
(``conn.compute.get_endpoint_data()``: min 2.1, max 2.73); when discovery
fails, keystoneauth logs a warning and openstacksdk sends no microversion
header at all, which the microversion tests would catch.

(The ``none`` plugin, keystoneauth1's ``noauth.NoAuth``, would not do: it
sends no real token, and noauth2 needs the user and project in it.)

Microversions
=============

The first use of ``conn.compute`` runs keystoneauth's version discovery on
the override: an unauthenticated ``GET /v2.1`` (then ``/v2.1/``), whose
``version`` document gives ``min_version`` 2.1 and ``version`` (the maximum)
2.73. For each request openstacksdk then sends
``OpenStack-API-Version: compute X.Y`` where X.Y is the smaller of the
resource class's ``_max_microversion`` (``Server`` 2.100, ``Flavor`` 2.61)
and the server's maximum: 2.73 for servers, 2.61 for flavors here. Two ways to ask
for another version:

* per request: ``conn.compute.get(url, microversion='2.47')`` (a keystoneauth
  ``Adapter`` call), or ``Server.fetch(conn.compute, microversion='2.1')``
  on a resource;
* per connection: ``compute_api_version='2.47'``. A minor version in
  ``<service>_api_version`` becomes the adapter's ``default_microversion``,
  which then wins over negotiation for every resource
  (``Resource._get_microversion``); openstacksdk checks that it lies within
  the discovered [min, max] and raises ``ConfigException`` otherwise.
  :func:`connect` takes ``microversion=`` for that.

Without any header (a raw request), the API serves 2.1.
"""

import openstack
import openstack.config

# The version the API advertises as its maximum (contract: 2.1 .. 2.73).
MIN_VERSION = '2.1'
MAX_VERSION = '2.73'
# What openstacksdk sends for flavors (Flavor._max_microversion).
SDK_FLAVOR_VERSION = '2.61'


def token(user, project, roles=None):
    """The noauth2 token of ``user`` in ``project`` (``roles``: a list)."""
    parts = [user, project]
    if roles:
        parts.append(','.join(roles))
    return ':'.join(parts)


def connect(base_url, user='demo', project='demo', roles=None,
            microversion=None, **kwargs):
    """A Connection to the nova-lite-api at ``base_url`` (``http://h:p``).

    ``microversion``: pin the compute API to this version for every request
    of the connection (else: negotiated, i.e. the API's maximum).
    """
    compute = base_url.rstrip('/') + '/v2.1'
    options = dict(
        auth_type='admin_token',
        auth={'endpoint': compute, 'token': token(user, project, roles)},
        compute_endpoint_override=compute,
        image_endpoint_override=base_url.rstrip('/') + '/image',
        region_name='RegionOne',
        # No retries: a test must see the first answer the API gives.
        connect_retries=0,
        status_code_retries=0,
    )
    if microversion is not None:
        options['compute_api_version'] = microversion
    options.update(kwargs)
    region = openstack.config.get_cloud_region(
        load_yaml_config=False, load_envvars=False, **options)
    return openstack.connection.Connection(config=region)
