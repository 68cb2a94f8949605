"""Request and response schemas of /os-quota-sets (Nova's).

The resources named change with the microversion: 2.36 drops the network
ones (fixed_ips, floating_ips, security_groups, security_group_rules),
2.57 the injected file ones.
"""

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
from nova_lite.api.validation import parameter_types

NETWORK_RESOURCES = ('fixed_ips', 'floating_ips', 'security_group_rules',
                     'security_groups')
FILE_RESOURCES = ('injected_file_content_bytes', 'injected_file_path_bytes',
                  'injected_files')
BASE_RESOURCES = ('cores', 'instances', 'key_pairs', 'metadata_items',
                  'ram', 'server_group_members', 'server_groups')


def resources(version):
    """The resource names a microversion shows and takes, sorted."""
    names = list(BASE_RESOURCES)
    if not response_types.at_least(version, '2.36'):
        names += NETWORK_RESOURCES
    if not response_types.at_least(version, '2.57'):
        names += FILE_RESOURCES
    return sorted(names)


_LIMIT = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$',
          'minimum': -1, 'maximum': parameter_types.MAX_INT}

_VERSIONS = ['2.1', '2.36', '2.57']


def _update(version):
    properties = {name: _LIMIT for name in resources(version)}
    properties['force'] = parameter_types.boolean
    return {
        'type': 'object',
        'properties': {
            'quota_set': {'type': 'object', 'properties': properties,
                          'additionalProperties': False},
        },
        'required': ['quota_set'],
        'additionalProperties': False,
    }


update = _update('2.1')
update_v236 = _update('2.36')
update_v257 = _update('2.57')

# ?user_id: accepted (limits are per project here). Unknown parameters
# are ignored, as Nova's before 2.75.
query = {
    'type': 'object',
    'properties': {
        'user_id': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

any_query = parameter_types.any_query

# --- responses -------------------------------------------------------------

_DETAIL_ITEM = response_types.obj({'in_use': response_types.INTEGER,
                                   'limit': response_types.INTEGER,
                                   'reserved': response_types.INTEGER})


def _quota_set(version, item, with_id):
    properties = {name: item for name in resources(version)}
    if with_id:
        properties['id'] = response_types.STRING
    return response_types.wrapped('quota_set',
                                  response_types.obj(properties))


# GET /os-quota-sets/{id} and .../defaults.
show_response = validation.by_version(
    lambda v: _quota_set(v, response_types.INTEGER, True), _VERSIONS)
detail_response = validation.by_version(
    lambda v: _quota_set(v, _DETAIL_ITEM, True), _VERSIONS)
update_response = validation.by_version(
    lambda v: _quota_set(v, response_types.INTEGER, False), _VERSIONS)
# DELETE: 202, no body.
delete_response = [(None, '2.1', None)]
