"""Response schemas of /servers (list, detail, show, create, delete).

A server's shape is 2.1's plus the change of each later version, as Nova
(and tempest's compute response schemas) have it:

* 2.3  more ``OS-EXT-SRV-ATTR:*`` keys (administrators);
* 2.9  ``locked``;
* 2.16 ``host_status`` (administrators);
* 2.19 ``description``;
* 2.26 ``tags``;
* 2.47 the flavor is embedded (a dict, not a link);
* 2.63 ``trusted_image_certificates``;
* 2.71 ``server_groups`` (show, not the detailed list);
* 2.73 ``locked_reason``.

Keys that only administrators see are allowed, never required: the same
route answers both. The request schemas are in ``servers.py``.
"""

from nova_lite.api.schemas import response_types as types
from nova_lite.api import validation

# Versions at which a server's shape changes.
SHAPE_VERSIONS = ['2.1', '2.3', '2.9', '2.16', '2.19', '2.26', '2.47',
                  '2.63', '2.71', '2.73']

STATUSES = ['ACTIVE', 'BUILD', 'DELETED', 'ERROR', 'HARD_REBOOT',
            'MIGRATING', 'PASSWORD', 'PAUSED', 'REBOOT', 'REBUILD', 'RESCUE',
            'RESIZE', 'REVERT_RESIZE', 'SHELVED', 'SHELVED_OFFLOADED',
            'SHUTOFF', 'SOFT_DELETED', 'SUSPENDED', 'UNKNOWN',
            'VERIFY_RESIZE']

_FAULT = types.obj({'code': types.INTEGER, 'created': types.ISO_TIME_Z,
                    'message': types.STRING, 'details': types.STRING},
                   optional=['details'])

_IMAGE = {'anyOf': [
    types.obj({'id': types.STRING, 'links': types.BOOKMARK_ONLY}),
    {'const': ''},  # booted from a volume
]}

_FLAVOR_LINK = types.obj({'id': types.STRING,
                          'links': types.BOOKMARK_ONLY})

_FLAVOR_EMBEDDED = types.obj({
    'original_name': types.STRING,
    'vcpus': types.INTEGER,
    'ram': types.INTEGER,
    'disk': types.INTEGER,
    'ephemeral': types.INTEGER,
    'swap': types.INTEGER,
    'extra_specs': {'type': 'object',
                    'additionalProperties': types.STRING},
}, optional=['extra_specs'])

_ADDRESS = types.obj({
    'version': {'enum': [4, 6]},
    'addr': types.STRING,
    'OS-EXT-IPS:type': {'enum': ['fixed', 'floating']},
    'OS-EXT-IPS-MAC:mac_addr': types.NULLABLE_STRING,
}, required=['version', 'addr'])

_ADDRESSES = {'type': 'object',
              'additionalProperties': {'type': 'array', 'items': _ADDRESS}}

_VOLUME = types.obj({'id': types.STRING,
                     'delete_on_termination': types.BOOLEAN},
                    optional=['delete_on_termination'])

_METADATA = {'type': 'object', 'additionalProperties': types.STRING}

_DETAIL_21 = {
    'id': types.UUID,
    'name': types.STRING,
    'status': {'enum': STATUSES},
    'tenant_id': types.STRING,
    'user_id': types.STRING,
    'metadata': _METADATA,
    'hostId': types.STRING,
    'image': _IMAGE,
    'flavor': _FLAVOR_LINK,
    'created': types.ISO_TIME_Z,
    'updated': types.ISO_TIME_Z,
    'addresses': _ADDRESSES,
    'accessIPv4': types.STRING,
    'accessIPv6': types.STRING,
    'links': types.SELF_AND_BOOKMARK,
    'OS-DCF:diskConfig': {'enum': ['AUTO', 'MANUAL']},
    'OS-EXT-AZ:availability_zone': types.STRING,
    'config_drive': types.STRING,
    'key_name': types.NULLABLE_STRING,
    'OS-SRV-USG:launched_at': types.DB_TIME,
    'OS-SRV-USG:terminated_at': types.DB_TIME,
    'OS-EXT-STS:task_state': types.NULLABLE_STRING,
    'OS-EXT-STS:vm_state': types.STRING,
    'OS-EXT-STS:power_state': types.INTEGER,
    'os-extended-volumes:volumes_attached': {'type': 'array',
                                             'items': _VOLUME},
}

# Shown in some states only (progress while active or moving, fault in
# ERROR) or with a network service that has them (security_groups).
_OPTIONAL_21 = {
    'progress': {'type': 'integer', 'minimum': 0, 'maximum': 100},
    'fault': _FAULT,
    'security_groups': {'type': 'array',
                        'items': types.obj({'name': types.STRING})},
}

_ADMIN_21 = {
    'OS-EXT-SRV-ATTR:host': types.NULLABLE_STRING,
    'OS-EXT-SRV-ATTR:instance_name': types.STRING,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': types.NULLABLE_STRING,
}

_ADMIN_23 = {
    'OS-EXT-SRV-ATTR:reservation_id': types.NULLABLE_STRING,
    'OS-EXT-SRV-ATTR:launch_index': types.INTEGER,
    'OS-EXT-SRV-ATTR:hostname': types.STRING,
    'OS-EXT-SRV-ATTR:kernel_id': types.NULLABLE_STRING,
    'OS-EXT-SRV-ATTR:ramdisk_id': types.NULLABLE_STRING,
    'OS-EXT-SRV-ATTR:root_device_name': types.NULLABLE_STRING,
    'OS-EXT-SRV-ATTR:user_data': types.NULLABLE_STRING,
}

# (version, {key: schema}) everyone sees from that version on.
_ADDED = [
    ('2.9', {'locked': types.BOOLEAN}),
    ('2.19', {'description': types.NULLABLE_STRING}),
    ('2.26', {'tags': {'type': 'array', 'maxItems': 50,
                       'items': {'type': 'string', 'maxLength': 60}}}),
    ('2.63', {'trusted_image_certificates': {
        'type': ['array', 'null'], 'items': types.STRING}}),
    ('2.73', {'locked_reason': types.NULLABLE_STRING}),
]


def server(version, show=False):
    """One server of show (``show=True``) or of the detailed list."""
    required = dict(_DETAIL_21)
    optional = dict(_OPTIONAL_21, **_ADMIN_21)
    if types.at_least(version, '2.3'):
        optional.update(_ADMIN_23)
    if types.at_least(version, '2.16'):
        optional['host_status'] = {
            'enum': ['UP', 'DOWN', 'MAINTENANCE', 'UNKNOWN', '']}
    for since, keys in _ADDED:
        if types.at_least(version, since):
            required.update(keys)
    if types.at_least(version, '2.47'):
        required['flavor'] = _FLAVOR_EMBEDDED
    if show and types.at_least(version, '2.71'):
        required['server_groups'] = {'type': 'array', 'maxItems': 1,
                                     'items': types.UUID}
    return types.obj(dict(required, **optional), required=list(required))


def _show(version):
    return types.wrapped('server', server(version, show=True))


def _detail(version):
    return types.collection('servers', server(version))


show = validation.by_version(_show, SHAPE_VERSIONS)
detail = validation.by_version(_detail, SHAPE_VERSIONS)

index = [(types.collection('servers', types.obj({
    'id': types.UUID, 'name': types.STRING,
    'links': types.SELF_AND_BOOKMARK})), '2.1', None)]

_CREATED = types.obj({
    'id': types.UUID,
    'links': types.SELF_AND_BOOKMARK,
    'OS-DCF:diskConfig': {'enum': ['AUTO', 'MANUAL']},
    'adminPass': {'type': 'string', 'minLength': 1},
    'security_groups': _OPTIONAL_21['security_groups'],
}, required=['id', 'links', 'OS-DCF:diskConfig'])

# POST /servers: the new server, or with return_reservation_id only the
# reservation id.
create = [({'anyOf': [
    types.wrapped('server', _CREATED),
    types.obj({'reservation_id': {'type': 'string',
                                  'pattern': '^r-[0-9a-z]+$'}}),
]}, '2.1', None)]

# DELETE /servers/{id}: 204, no body.
delete = [(None, '2.1', None)]

# PUT /servers/{id}: Nova (before 2.75) answers a shorter server: no
# availability zone, config drive, key name, usage times, extended status,
# volumes, security groups nor administrators' attributes, and addresses
# without their OS-EXT-IPS keys.
NOT_IN_UPDATE = (
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state',
    'os-extended-volumes:volumes_attached', 'security_groups',
    'host_status') + tuple(_ADMIN_21) + tuple(_ADMIN_23)


def _update(version):
    one = server(version, show=True)
    for key in NOT_IN_UPDATE:
        one['properties'].pop(key, None)
    one['required'] = [k for k in one['required'] if k in one['properties']]
    return types.wrapped('server', one)


update = validation.by_version(_update, SHAPE_VERSIONS)
