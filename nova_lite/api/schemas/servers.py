"""Request schemas of /servers: POST bodies per microversion, list queries.

The body of POST /servers at 2.1 plus the changes of each later version
(as Nova's):

* 2.19 ``description``;
* 2.32 ``tag`` on ``networks`` and ``block_device_mapping_v2`` items
  (2.33 drops it from block devices, 2.37 from networks; 2.42 brings both
  back);
* 2.37 ``networks`` is required: ``"auto"``, ``"none"`` or a list whose
  ``uuid`` must be a uuid;
* 2.52 ``tags``;
* 2.63 ``trusted_image_certificates`` (null, or 1 to 50 unique ids);
* 2.67 ``volume_type`` on ``block_device_mapping_v2`` items.

Not accepted at any version (nothing here could honour them):
``personality`` (removed at 2.57), ``user_data``, ``config_drive``,
``security_groups``.
"""

import copy

from nova_lite.api.validation import parameter_types as types

# --- parameter types (beyond the shared ones) ----------------------------

NAME = types.name
BOOLEAN = types.boolean
POSITIVE_INTEGER = types.positive_integer
UUID = types.uuid

# A server's description is shorter than a flavor's.
DESCRIPTION = dict(types.description, maxLength=255)

IP_ADDRESS = {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                          {'format': 'ipv6'}]}

TAG = {'type': 'string', 'maxLength': 60, 'pattern': '^[^,/]*$'}

METADATA = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

_SCHEDULER_HINTS = {
    'type': 'object',
    'properties': {
        'same_host': {'oneOf': [UUID, {'type': 'array', 'items': UUID}]},
        'different_host': {'oneOf': [UUID,
                                     {'type': 'array', 'items': UUID}]},
        # The server group the new servers join (os-server-groups).
        'group': UUID,
    },
    # Hints for filters we do not run are accepted (as Nova's).
    'additionalProperties': True,
}

# --- pieces of the server ------------------------------------------------

_NETWORK_ITEM = {
    'type': 'object',
    'properties': {
        'fixed_ip': IP_ADDRESS,
        'port': {'oneOf': [UUID, {'type': 'null'}]},
        'uuid': {'type': 'string'},
    },
    'additionalProperties': False,
}

_BDM_ITEM = {
    'type': 'object',
    'properties': {
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': '^[a-zA-Z0-9._-]*$'},
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
        'volume_size': {'type': ['integer', 'string'],
                        'pattern': '^[0-9]+$', 'minimum': 1},
        'delete_on_termination': BOOLEAN,
        'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9._/-]*$'},
        'device_type': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'no_device': {},
    },
    'additionalProperties': False,
}

_SERVER_21 = {
    'name': NAME,
    # '' only makes sense with a block device to boot from (checked by
    # the controller).
    'imageRef': {'oneOf': [UUID, {'type': 'string', 'maxLength': 0}]},
    'flavorRef': {'type': ['string', 'integer'], 'minLength': 1},
    'adminPass': {'type': 'string'},
    'metadata': METADATA,
    'networks': {'type': 'array', 'items': _NETWORK_ITEM},
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'accessIPv4': {'type': 'string', 'format': 'ipv4'},
    'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    'availability_zone': NAME,
    'key_name': NAME,
    'min_count': POSITIVE_INTEGER,
    'max_count': POSITIVE_INTEGER,
    'return_reservation_id': BOOLEAN,
    'block_device_mapping_v2': {'type': 'array', 'items': _BDM_ITEM},
}


def _create(server_properties):
    return {
        'type': 'object',
        'properties': {
            'server': {
                'type': 'object',
                'properties': server_properties,
                'required': ['name', 'flavorRef'],
                'additionalProperties': False,
            },
            'os:scheduler_hints': _SCHEDULER_HINTS,
            'OS-SCH-HNT:scheduler_hints': _SCHEDULER_HINTS,
        },
        'required': ['server'],
        'additionalProperties': False,
    }


def _with_tags(item):
    item = copy.deepcopy(item)
    item['properties']['tag'] = TAG
    return item


def _networks_237(item):
    item = copy.deepcopy(item)
    item['properties']['uuid'] = UUID
    return {'oneOf': [{'type': 'array', 'items': item},
                      {'type': 'string', 'enum': ['none', 'auto']}]}


create_v21 = _create(dict(_SERVER_21))

create_v219 = _create(dict(_SERVER_21, description=DESCRIPTION))

create_v232 = _create(dict(
    _SERVER_21, description=DESCRIPTION,
    networks={'type': 'array', 'items': _with_tags(_NETWORK_ITEM)},
    block_device_mapping_v2={'type': 'array',
                             'items': _with_tags(_BDM_ITEM)}))

create_v233 = _create(dict(
    _SERVER_21, description=DESCRIPTION,
    networks={'type': 'array', 'items': _with_tags(_NETWORK_ITEM)}))

create_v237 = _create(dict(_SERVER_21, description=DESCRIPTION,
                           networks=_networks_237(_NETWORK_ITEM)))
create_v237['properties']['server']['required'].append('networks')

create_v242 = _create(dict(
    _SERVER_21, description=DESCRIPTION,
    networks=_networks_237(_with_tags(_NETWORK_ITEM)),
    block_device_mapping_v2={'type': 'array',
                             'items': _with_tags(_BDM_ITEM)}))
create_v242['properties']['server']['required'].append('networks')

create_v252 = copy.deepcopy(create_v242)
create_v252['properties']['server']['properties']['tags'] = {
    'type': 'array', 'items': TAG, 'maxItems': 50}

TRUSTED_CERTS = {
    'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
    'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1},
}

create_v263 = copy.deepcopy(create_v252)
create_v263['properties']['server']['properties'][
    'trusted_image_certificates'] = TRUSTED_CERTS

VOLUME_TYPE = {'type': ['string', 'null'], 'minLength': 0,
               'maxLength': 255}

create_v267 = copy.deepcopy(create_v263)
create_v267['properties']['server']['properties'][
    'block_device_mapping_v2']['items']['properties'][
    'volume_type'] = VOLUME_TYPE

# --- GET /servers and /servers/detail -----------------------------------

# Sort keys Nova accepts. Those in IGNORED_SORT_KEYS are accepted and
# dropped (as Nova does); the others sort, except the few our database
# has no column for (compute.api.UNSORTABLE_KEYS), which are dropped too.
IGNORED_SORT_KEYS = (
    'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device',
    'default_swap_device', 'deleted', 'deleted_at', 'disable_terminate',
    'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on',
    'locked', 'memory_mb', 'os_type', 'reservation_id', 'root_gb',
    'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode')

SORT_KEYS = (
    'access_ip_v4', 'access_ip_v6', 'auto_disk_config',
    'availability_zone', 'config_drive', 'created_at',
    'display_description', 'display_name', 'host', 'hostname', 'image_ref',
    'instance_type_id', 'kernel_id', 'key_name', 'launch_index',
    'launched_at', 'locked_by', 'node', 'power_state', 'progress',
    'project_id', 'ramdisk_id', 'root_device_name', 'task_state',
    'terminated_at', 'updated_at', 'user_id', 'uuid', 'vm_state')

_MULTI_STRING = {'type': 'array', 'items': {'type': 'string'}}
# ISO 8601 (2011-01-24T17:08Z; an offset may follow).
_MULTI_TIME = {'type': 'array',
               'items': {'type': 'string', 'format': 'date-time'}}


_multi = types.multi_params


# Filters with a schema of their own; any other parameter passes here and
# is dropped or refused by the controller, as Nova does.
query_params_v21 = {
    'type': 'object',
    'properties': {
        'sort_key': _multi({'type': 'string',
                            'enum': list(SORT_KEYS + IGNORED_SORT_KEYS)}),
        'sort_dir': _multi({'type': 'string', 'enum': ['asc', 'desc']}),
        'limit': types.non_negative_integer_param,
        'marker': _MULTI_STRING,
        'all_tenants': _MULTI_STRING,
        'deleted': _MULTI_STRING,
        'status': _MULTI_STRING,
        'name': _MULTI_STRING,
        'host': _MULTI_STRING,
        'project_id': _MULTI_STRING,
        'tenant_id': _MULTI_STRING,
        'changes-since': _MULTI_TIME,
    },
    'additionalProperties': True,
}

# 2.66: changes-before.
query_params_v266 = copy.deepcopy(query_params_v21)
query_params_v266['properties']['changes-before'] = _MULTI_TIME

# 2.73: the locked filter. (``locked`` as a sort key is accepted at every
# version; from 2.73 it sorts instead of being ignored: see the controller.)
query_params_v273 = copy.deepcopy(query_params_v266)
query_params_v273['properties']['locked'] = _MULTI_STRING

# GET /servers/{id}, POST /servers and DELETE /servers/{id} read no query
# parameter: anything is accepted and ignored (as Nova's before 2.75).
show_query = types.any_query
create_query = types.any_query
delete_query = types.any_query

# --- PUT /servers/{id} ---------------------------------------------------

# Nova also takes accessIPv4/accessIPv6 here; nova_lite's servers keep the
# access addresses they were booted with (refused, not ignored).
# OS-DCF:diskConfig is accepted and ignored, as at boot.
_UPDATE_21 = {
    'name': NAME,
    'OS-DCF:diskConfig': _SERVER_21['OS-DCF:diskConfig'],
}


def _update(server_properties):
    return {
        'type': 'object',
        'properties': {
            'server': {'type': 'object', 'properties': server_properties,
                       'additionalProperties': False},
        },
        'required': ['server'],
        'additionalProperties': False,
    }


update_v21 = _update(_UPDATE_21)
# 2.19: description (null removes it).
update_v219 = _update(dict(_UPDATE_21, description=DESCRIPTION))
update_query = types.any_query
