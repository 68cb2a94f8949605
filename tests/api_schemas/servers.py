"""Response schemas of /servers: the 2.1 shape plus one delta per version.

A delta is applied to the schema of every later version too, so the shape
at 2.47 is 2.1 + 2.3 + 2.9 + 2.16 + 2.19 + 2.26 + 2.47. ``server_groups``
(2.71) is in show, not in the detailed list. Fields only an
administrator sees (``OS-EXT-SRV-ATTR:*``, ``host_status``) are
``required`` when ``admin=True``, forbidden when ``admin=False`` and
allowed either way when ``admin=None``.

Facts (not code) from the compute API reference and tempest's documented
response shapes.
"""

import copy

from tests.api_schemas import types

_FAULT = {
    'type': 'object',
    'properties': {
        'code': {'type': 'integer'},
        'created': types.ISO_TIME_Z,
        'message': {'type': 'string'},
        'details': {'type': 'string'},
    },
    'required': ['code', 'created', 'message'],
    'additionalProperties': False,
}

_IMAGE = {
    'oneOf': [
        {'type': 'object',
         'properties': {'id': {'type': 'string'},
                        'links': types.BOOKMARK_ONLY},
         'required': ['id', 'links'],
         'additionalProperties': False},
        # booted from a volume
        {'const': ''},
    ]
}

_FLAVOR_REF = {
    'type': 'object',
    'properties': {'id': {'type': 'string'}, 'links': types.BOOKMARK_ONLY},
    'required': ['id', 'links'],
    'additionalProperties': False,
}

_FLAVOR_EMBEDDED = {
    'type': 'object',
    'properties': {
        'original_name': {'type': 'string'},
        'vcpus': {'type': 'integer'},
        'ram': {'type': 'integer'},
        'disk': {'type': 'integer'},
        'ephemeral': {'type': 'integer'},
        'swap': {'type': 'integer'},
        'extra_specs': {
            'type': 'object',
            'patternProperties': {
                r'^[a-zA-Z0-9_\-. :]+$': {'type': 'string'}},
            'additionalProperties': False,
        },
    },
    'required': ['original_name', 'vcpus', 'ram', 'disk', 'ephemeral',
                 'swap'],
    'additionalProperties': False,
}

# Shown to everyone at 2.1 (Nova always returns these; tempest leaves a
# few optional for other clouds, we do not).
_DETAIL_21 = {
    'id': types.UUID,
    'name': {'type': 'string'},
    'status': {'type': 'string', 'enum': [
        'ACTIVE', 'BUILD', 'DELETED', 'ERROR', 'HARD_REBOOT', 'MIGRATING',
        'PASSWORD', 'PAUSED', 'REBOOT', 'REBUILD', 'RESCUE', 'RESIZE',
        'REVERT_RESIZE', 'SHELVED', 'SHELVED_OFFLOADED', 'SHUTOFF',
        'SOFT_DELETED', 'SUSPENDED', 'UNKNOWN', 'VERIFY_RESIZE']},
    'tenant_id': {'type': 'string'},
    'user_id': {'type': 'string'},
    'metadata': {'type': 'object',
                 'additionalProperties': {'type': 'string'}},
    'hostId': types.HOST_ID,
    'image': _IMAGE,
    'flavor': _FLAVOR_REF,
    'created': types.ISO_TIME_Z,
    'updated': types.ISO_TIME_Z,
    'addresses': types.DETAILED_ADDRESSES,
    'accessIPv4': types.ACCESS_IP_V4,
    'accessIPv6': types.ACCESS_IP_V6,
    'links': types.SELF_AND_BOOKMARK,
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'OS-EXT-AZ:availability_zone': {'type': 'string'},
    'config_drive': {'type': 'string'},
    'key_name': types.NULLABLE_STRING,
    'OS-SRV-USG:launched_at': types.USAGE_TIME,
    'OS-SRV-USG:terminated_at': types.USAGE_TIME,
    'OS-EXT-STS:task_state': types.NULLABLE_STRING,
    'OS-EXT-STS:vm_state': {'type': 'string'},
    'OS-EXT-STS:power_state': types.POWER_STATE,
    'os-extended-volumes:volumes_attached': {
        'type': 'array',
        'items': {'type': 'object',
                  'properties': {'id': {'type': 'string'}},
                  'required': ['id'],
                  'additionalProperties': False}},
}
# Present only in some statuses: progress (ACTIVE, BUILD, REBUILD, RESIZE,
# VERIFY_RESIZE, MIGRATING), fault (ERROR, DELETED, when there is one);
# security_groups only with a network service that has them.
_OPTIONAL_21 = {
    'progress': {'type': 'integer', 'minimum': 0, 'maximum': 100},
    'fault': _FAULT,
    'security_groups': {
        'type': 'array',
        'items': {'type': 'object',
                  'properties': {'name': {'type': 'string'}},
                  'required': ['name'],
                  'additionalProperties': False}},
}
_ADMIN_21 = {
    'OS-EXT-SRV-ATTR:host': types.NULLABLE_STRING,
    'OS-EXT-SRV-ATTR:instance_name': {'type': 'string'},
    'OS-EXT-SRV-ATTR:hypervisor_hostname': types.NULLABLE_STRING,
}


def _base_detail():
    return {
        'type': 'object',
        'properties': dict(_DETAIL_21, **_OPTIONAL_21),
        'required': sorted(_DETAIL_21),
        'additionalProperties': False,
        # bookkeeping for the admin-only keys, removed before use
        'x-admin': dict(_ADMIN_21),
    }


def _v2_3(server):
    """2.3: more OS-EXT-SRV-ATTR keys; volumes show delete_on_termination."""
    server['x-admin'].update({
        'OS-EXT-SRV-ATTR:reservation_id': types.NULLABLE_STRING,
        'OS-EXT-SRV-ATTR:launch_index': {'type': 'integer'},
        'OS-EXT-SRV-ATTR:hostname': {'type': 'string'},
        'OS-EXT-SRV-ATTR:kernel_id': types.NULLABLE_STRING,
        'OS-EXT-SRV-ATTR:ramdisk_id': types.NULLABLE_STRING,
        'OS-EXT-SRV-ATTR:root_device_name': types.NULLABLE_STRING,
        'OS-EXT-SRV-ATTR:user_data': types.NULLABLE_STRING,
    })
    volume = server['properties']['os-extended-volumes:volumes_attached']
    volume['items']['properties']['delete_on_termination'] = {
        'type': 'boolean'}


def _v2_9(server):
    """2.9: ``locked``."""
    _add(server, 'locked', {'type': 'boolean'})


def _v2_16(server):
    """2.16: ``host_status`` (administrators, by default policy)."""
    server['x-admin']['host_status'] = {
        'type': 'string', 'enum': ['UP', 'DOWN', 'MAINTENANCE', 'UNKNOWN',
                                   '']}


def _v2_19(server):
    """2.19: ``description`` (null when none was given)."""
    _add(server, 'description', types.NULLABLE_STRING)


def _v2_26(server):
    """2.26: ``tags``."""
    _add(server, 'tags', {'type': 'array', 'maxItems': 50,
                          'items': {'type': 'string', 'maxLength': 60,
                                    'pattern': '^[^,/]*$'}})


def _v2_47(server):
    """2.47: the flavor is embedded instead of linked."""
    server['properties']['flavor'] = _FLAVOR_EMBEDDED


def _v2_63(server):
    """2.63: ``trusted_image_certificates`` (null, or 1-50 unique ids)."""
    _add(server, 'trusted_image_certificates', {
        'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
        'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1}})


def _v2_73(server):
    """2.73: ``locked_reason`` (null unless locked with a reason)."""
    _add(server, 'locked_reason', types.NULLABLE_STRING)


# 2.71: the groups of the server (at most one), in show only.
SERVER_GROUPS = {'type': 'array', 'maxItems': 1, 'items': types.UUID}


def _add(server, name, schema):
    server['properties'][name] = schema
    server['required'].append(name)


# Versions whose server shape changed, with their delta (2.71 is show's
# alone: see ``show``).
DETAIL_DELTAS = (
    ('2.1', lambda server: None),
    ('2.3', _v2_3),
    ('2.9', _v2_9),
    ('2.16', _v2_16),
    ('2.19', _v2_19),
    ('2.26', _v2_26),
    ('2.47', _v2_47),
    ('2.63', _v2_63),
    ('2.73', _v2_73),
)


def _version_tuple(version):
    major, minor = version.split('.')
    return int(major), int(minor)


def server_detail(version, admin=None):
    """The schema of one server of show/detail at ``version``."""
    server = _base_detail()
    for since, delta in DETAIL_DELTAS:
        if _version_tuple(since) <= _version_tuple(version):
            delta(server)
    admin_props = server.pop('x-admin')
    if admin is not False:
        server['properties'].update(admin_props)
    if admin:
        server['required'].extend(sorted(admin_props))
    return server


def show(version, admin=None):
    server = server_detail(version, admin)
    if _version_tuple(version) >= (2, 71):
        _add(server, 'server_groups', SERVER_GROUPS)
    return {
        'type': 'object',
        'properties': {'server': server},
        'required': ['server'],
        'additionalProperties': False,
    }


def detail(version, admin=None):
    return {
        'type': 'object',
        'properties': {
            'servers': {'type': 'array',
                        'items': server_detail(version, admin)},
            'servers_links': types.COLLECTION_LINKS,
        },
        'required': ['servers'],
        'additionalProperties': False,
    }


def index(version, admin=None):
    """GET /servers: the same at every version up to 2.73."""
    return {
        'type': 'object',
        'properties': {
            'servers': {
                'type': 'array',
                'items': {
                    'type': 'object',
                    'properties': {'id': types.UUID,
                                   'name': {'type': 'string'},
                                   'links': types.SELF_AND_BOOKMARK},
                    'required': ['id', 'name', 'links'],
                    'additionalProperties': False,
                },
            },
            'servers_links': types.COLLECTION_LINKS,
        },
        'required': ['servers'],
        'additionalProperties': False,
    }


def create(version, admin=None):
    """POST /servers (202): the new server's id and links, adminPass."""
    return {
        'type': 'object',
        'properties': {
            'server': {
                'type': 'object',
                'properties': {
                    'id': types.UUID,
                    'links': types.SELF_AND_BOOKMARK,
                    'OS-DCF:diskConfig': {'type': 'string',
                                          'enum': ['AUTO', 'MANUAL']},
                    'adminPass': {'type': 'string', 'minLength': 1},
                    'security_groups': copy.deepcopy(
                        _OPTIONAL_21['security_groups']),
                },
                'required': ['id', 'links', 'OS-DCF:diskConfig'],
                'additionalProperties': False,
            },
        },
        'required': ['server'],
        'additionalProperties': False,
    }


def create_reservation(version, admin=None):
    """POST /servers with return_reservation_id: only the reservation."""
    return {
        'type': 'object',
        'properties': {
            'reservation_id': {'type': 'string', 'pattern': '^r-[0-9a-z]+$'},
        },
        'required': ['reservation_id'],
        'additionalProperties': False,
    }
