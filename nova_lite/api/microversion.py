"""Compute API microversions: the versions we honour and their predicates.

A request names its version in ``OpenStack-API-Version: compute X.Y`` (or the
older ``X-OpenStack-Nova-API-Version: X.Y``); without either it gets the
minimum, 2.1; ``latest`` means the maximum. The negotiated version is
``pecan.request.api_version`` (an :class:`APIVersion`), set by
``nova_lite.api.hooks.MicroversionHook`` for every request under ``/v2.1``.

Code never compares versions inline: each behaviour that depends on the
version has a named predicate below (``supports_flavor_description(req)``),
so the list of what changes at which version stays in this one module.
"""

import re

from nova_lite import exception

SERVICE_TYPE = 'compute'
HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
VARY = '%s, %s' % (HEADER, LEGACY_HEADER)

# Every microversion up to the maximum is accepted; one line per version
# says what changes with it here. "no effect" marks the versions whose Nova
# change concerns an API nova_lite does not serve: a client may ask for them
# and gets the behaviour of the version below.
VERSIONS = [
    '2.1',   # Initial version (the v2.0 API under microversions).
    '2.2',   # Keypairs have a "type" (ssh/x509); create 201, delete 204.
    '2.3',   # no effect: more os-extended-server-attributes fields.
    '2.4',   # no effect: reserved field of os-fixed-ips.
    '2.5',   # no effect: ip6 server filter for non-admins.
    '2.6',   # no effect: remote-consoles API.
    '2.7',   # Adding tenant access to a public flavor is a 409.
    '2.8',   # no effect: mks console protocol.
    '2.9',   # Servers show "locked".
    '2.10',  # Admins manage other users' keypairs (user_id).
    '2.11',  # os-services show and set forced_down (force-down).
    '2.12',  # no effect: os-virtual-interfaces net_id.
    '2.13',  # Server groups show project_id and user_id.
    '2.14',  # no effect: evacuate body.
    '2.15',  # Server groups take soft-affinity and soft-anti-affinity.
    '2.16',  # Servers show "host_status" (admin).
    '2.17',  # no effect: trigger_crash_dump action.
    '2.18',  # no effect: project id in the URL optional (never supported).
    '2.19',  # Servers take and show a "description".
    '2.20',  # no effect: volume attach in shelved states.
    '2.21',  # no effect: os-instance-actions of deleted servers.
    '2.22',  # no effect: force live-migration completion.
    '2.23',  # no effect: server migrations API.
    '2.24',  # no effect: abort live migration.
    '2.25',  # no effect: os-migrateLive block_migration 'auto'.
    '2.26',  # Servers show "tags" (always empty here).
    '2.27',  # The OpenStack-API-Version header (both headers always work).
    '2.28',  # Hypervisor cpu_info is an object, not a string.
    '2.29',  # no effect: evacuate force flag.
    '2.30',  # no effect: live-migrate force flag.
    '2.31',  # no effect: os-console-auth-tokens.
    '2.32',  # Device tags accepted in networks and block devices at boot.
    '2.33',  # Hypervisors pagination; boot loses block device tags.
    '2.34',  # no effect: asynchronous live-migration checks.
    '2.35',  # Keypairs pagination (limit, marker).
    '2.36',  # Limits lose the network quotas (proxy APIs never served).
    '2.37',  # Server create requires "networks" ('auto'/'none'/a list);
             # network tags lost until 2.42.
    '2.38',  # An invalid server status filter is a 400.
    '2.39',  # Limits lose maxImageMeta (image-metadata proxy removed).
    '2.40',  # no effect: simple-tenant-usage pagination.
    '2.41',  # no effect: aggregates uuid.
    '2.42',  # Device tags accepted again at boot (see 2.32).
    '2.43',  # no effect: os-hosts deprecated.
    '2.44',  # no effect: fixed/floating IP actions deprecated.
    '2.45',  # no effect: createImage response body.
    '2.46',  # no effect: X-OpenStack-Request-ID is returned at every version.
    '2.47',  # Servers embed their flavor (a dict, not a link).
    '2.48',  # no effect: standard diagnostics.
    '2.49',  # no effect: tagged interface/volume attach.
    '2.50',  # no effect: os-quota-class-sets fields.
    '2.51',  # no effect: volume-extended external event.
    '2.52',  # Server create accepts "tags" (ignored: no tags here).
    '2.53',  # Services and hypervisors by uuid; PUT /os-services/{id};
             # hypervisor_hostname_pattern and with_servers.
    '2.54',  # no effect: rebuild with key_name.
    '2.55',  # Flavors take and show a "description"; PUT /flavors/{id}.
    '2.56',  # no effect: cold migrate to a host.
    '2.57',  # Server create refuses "personality" (never supported);
             # limits lose maxPersonality and maxPersonalitySize.
    '2.58',  # no effect: os-instance-actions pagination.
    '2.59',  # no effect: os-migrations pagination.
    '2.60',  # no effect: multiattach volumes.
    '2.61',  # Flavors show their "extra_specs" (detail, show, create,
             # update) when the extra specs index policy allows.
    '2.62',  # Instance action events show "hostId" (and "host", admin).
    '2.63',  # Server create takes "trusted_image_certificates" (refused
             # when not empty: no compute verifies image signatures);
             # servers show it (always null here).
    '2.64',  # Server groups: one "policy" and "rules" in place of
             # "policies" (and no "metadata").
    '2.65',  # no effect: abort of queued live migrations (none here).
    '2.66',  # GET /servers and os-instance-actions filter by
             # "changes-before".
    '2.67',  # Block device mappings take "volume_type" (no volume types
             # exist without block storage: refused when set).
    '2.68',  # no effect: forced live-migrate and evacuate removed.
    '2.69',  # no effect: minimal views of servers and services in a down
             # cell (one cell here, always up).
    '2.70',  # no effect: device tags of volume attachments and interfaces
             # (neither API is served).
    '2.71',  # Server show (and PUT) list the server's "server_groups".
    '2.72',  # no effect: Neutron ports with a resource request at boot
             # (no Neutron, ports are refused).
    '2.73',  # Lock takes a "locked_reason"; servers show it; GET /servers
             # filters and sorts by "locked" (the maximum we serve).
]

_FORMAT = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


class APIVersion:
    """A comparable ``X.Y`` version."""

    __slots__ = ('major', 'minor')

    def __init__(self, major, minor):
        self.major = major
        self.minor = minor

    @classmethod
    def parse(cls, text):
        """``'2.47'`` -> APIVersion; InvalidAPIVersionString (400) else."""
        match = _FORMAT.match(text.strip())
        if not match:
            raise exception.InvalidAPIVersionString(version=text)
        return cls(int(match.group(1)), int(match.group(2)))

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        return self._key() == _as_version(other)._key()

    def __lt__(self, other):
        return self._key() < _as_version(other)._key()

    def __le__(self, other):
        return self._key() <= _as_version(other)._key()

    def __gt__(self, other):
        return self._key() > _as_version(other)._key()

    def __ge__(self, other):
        return self._key() >= _as_version(other)._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % self._key()

    def __repr__(self):
        return '<APIVersion %s>' % self

    def matches(self, min_version=None, max_version=None):
        """True if ``min_version <= self <= max_version`` (None: open)."""
        if min_version is not None and self < min_version:
            return False
        return max_version is None or self <= max_version


def _as_version(value):
    return value if isinstance(value, APIVersion) else APIVersion.parse(value)


MIN_VERSION = APIVersion.parse(VERSIONS[0])
MAX_VERSION = APIVersion.parse(VERSIONS[-1])


def requested_version_string(headers):
    """The compute version a request asks for, or None.

    ``OpenStack-API-Version`` may name several services
    (``compute 2.47, placement 1.10``); only the compute entry counts. It
    wins over the legacy header when both are given.
    """
    value = headers.get(HEADER)
    if value:
        for item in value.split(','):
            service, _sep, version = item.strip().partition(' ')
            if service.lower() == SERVICE_TYPE:
                return version.strip()
    return headers.get(LEGACY_HEADER)


def negotiate(headers):
    """The APIVersion for a request's headers.

    :raises: InvalidAPIVersionString (400) for a malformed version,
             InvalidGlobalAPIVersion (406) for one outside [min, max].
    """
    text = requested_version_string(headers)
    if text is None:
        return MIN_VERSION
    if text.strip().lower() == 'latest':
        return MAX_VERSION
    version = APIVersion.parse(text)
    if not version.matches(MIN_VERSION, MAX_VERSION):
        raise exception.InvalidGlobalAPIVersion(
            req_ver=str(version), min_ver=str(MIN_VERSION),
            max_ver=str(MAX_VERSION))
    return version


def response_headers(version):
    """The headers that echo the negotiated version on a response."""
    return {HEADER: '%s %s' % (SERVICE_TYPE, version),
            LEGACY_HEADER: str(version),
            'Vary': VARY}


# --- named predicates: one per behaviour that depends on the version ------

def _at_least(req, version):
    return req.api_version >= version


def rejects_access_to_public_flavor(req):
    return _at_least(req, '2.7')


def supports_locked(req):
    return _at_least(req, '2.9')


def supports_host_status(req):
    return _at_least(req, '2.16')


def supports_server_description(req):
    return _at_least(req, '2.19')


def supports_server_tags(req):
    return _at_least(req, '2.26')


def supports_network_device_tags(req):
    """``tag`` in ``networks`` items: 2.32-2.36, then from 2.42 (as Nova,
    which lost it by mistake in between)."""
    return req.api_version.matches('2.32', '2.36') or _at_least(req, '2.42')


def supports_bdm_device_tags(req):
    """``tag`` in ``block_device_mapping_v2`` items: 2.32, then from 2.42."""
    return req.api_version == '2.32' or _at_least(req, '2.42')


def requires_networks(req):
    return _at_least(req, '2.37')


def rejects_invalid_status_filter(req):
    return _at_least(req, '2.38')


def supports_flavor_in_server(req):
    return _at_least(req, '2.47')


def supports_tags_on_create(req):
    return _at_least(req, '2.52')


def supports_flavor_description(req):
    return _at_least(req, '2.55')


def rejects_personality(req):
    return _at_least(req, '2.57')


def supports_keypair_type(req):
    return _at_least(req, '2.2')


def supports_keypair_user_id(req):
    return _at_least(req, '2.10')


def supports_service_forced_down(req):
    return _at_least(req, '2.11')


def supports_cpu_info_object(req):
    return _at_least(req, '2.28')


def supports_hypervisor_pagination(req):
    return _at_least(req, '2.33')


def supports_keypair_pagination(req):
    return _at_least(req, '2.35')


def hides_network_limits(req):
    return _at_least(req, '2.36')


def hides_image_meta_limit(req):
    return _at_least(req, '2.39')


def supports_uuid_service_ids(req):
    """Services and hypervisors (and their service) are shown and addressed
    by uuid; PUT /os-services/{id}; hypervisor search by query string."""
    return _at_least(req, '2.53')


def hides_personality_limits(req):
    return _at_least(req, '2.57')


def supports_flavor_extra_specs(req):
    """``extra_specs`` in flavor detail/show/create/update (policy too)."""
    return _at_least(req, '2.61')


def supports_instance_action_event_host(req):
    """``hostId`` (everyone) and ``host`` (events policy) in action
    events."""
    return _at_least(req, '2.62')


def supports_trusted_certs(req):
    """``trusted_image_certificates`` in server create/rebuild bodies and in
    the server views (show, detail, PUT, rebuild)."""
    return _at_least(req, '2.63')


def supports_server_group_owner(req):
    """Server groups show ``project_id`` and ``user_id``."""
    return _at_least(req, '2.13')


def supports_soft_affinity_policies(req):
    """Server groups may be created soft-affinity or soft-anti-affinity."""
    return _at_least(req, '2.15')


def supports_server_group_policy_rules(req):
    """Server groups have one ``policy`` and ``rules`` (not ``policies``,
    ``metadata``)."""
    return _at_least(req, '2.64')


def supports_changes_before(req):
    """The ``changes-before`` filter of server and instance action lists."""
    return _at_least(req, '2.66')


def supports_server_groups_in_server_show(req):
    """``server_groups`` in server show, PUT and rebuild responses."""
    return _at_least(req, '2.71')


def supports_locked_reason(req):
    """``locked_reason``: in the lock action body and the server views
    (show, detail, PUT, rebuild)."""
    return _at_least(req, '2.73')


def supports_locked_filter(req):
    """GET /servers filters (``locked=true|false``) and sorts by
    ``locked``."""
    return _at_least(req, '2.73')
