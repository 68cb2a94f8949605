"""Query string and response schemas of /os-hypervisors (Nova's)."""

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
from nova_lite.api.validation import parameter_types

_fqdn = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': r'^[a-zA-Z0-9-._]*$'}
_limit = {'type': 'array', 'maxItems': 1,
          'items': {'type': 'string', 'pattern': '^[0-9]+$'}}

# The query of the routes (and versions) that read none: anything.
any_query = parameter_types.any_query

# 2.33: paging.
index_query_v233 = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.non_negative_integer_param,
        'marker': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

# 2.53: one value each, a hostname search, the servers of each node; and
# nothing else.
index_query_v253 = {
    'type': 'object',
    'properties': {
        'limit': _limit,
        'marker': parameter_types.single_param,
        'hypervisor_hostname_pattern': {
            'type': 'array', 'maxItems': 1, 'items': _fqdn},
        'with_servers': {
            'type': 'array', 'maxItems': 1, 'items': parameter_types.boolean},
    },
    'additionalProperties': False,
}

show_query_v253 = {
    'type': 'object',
    'properties': {
        'with_servers': index_query_v253['properties']['with_servers'],
    },
    'additionalProperties': False,
}

# --- responses -------------------------------------------------------------

# 2.28: cpu_info is an object; 2.33: hypervisors_links; 2.53: uuid ids and
# the servers of each node (with_servers, shown when there are some).
_RESPONSE_VERSIONS = ['2.1', '2.28', '2.33', '2.53']
_COUNTS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
           'local_gb_used', 'free_ram_mb', 'free_disk_gb',
           'current_workload', 'running_vms', 'disk_available_least')

_SERVERS = {'type': 'array', 'minItems': 1, 'items': response_types.obj(
    {'name': response_types.STRING, 'uuid': response_types.UUID})}


def _id(version):
    if response_types.at_least(version, '2.53'):
        return response_types.UUID
    return response_types.INTEGER


def _hypervisor(version, detail, servers=False):
    fields = {
        'id': _id(version),
        'hypervisor_hostname': response_types.STRING,
        'state': {'enum': ['up', 'down']},
        'status': {'enum': ['enabled', 'disabled']},
    }
    if detail:
        fields.update(dict.fromkeys(_COUNTS, response_types.INTEGER))
        fields.update({
            'hypervisor_type': response_types.STRING,
            'hypervisor_version': response_types.INTEGER,
            'host_ip': response_types.NULLABLE_STRING,
            'service': response_types.obj({
                'id': _id(version), 'host': response_types.STRING,
                'disabled_reason': response_types.NULLABLE_STRING}),
            'cpu_info': ({'type': 'object'}
                         if response_types.at_least(version, '2.28')
                         else response_types.NULLABLE_STRING),
        })
    optional = []
    if servers or response_types.at_least(version, '2.53'):
        fields['servers'] = _SERVERS
        optional.append('servers')
    return response_types.obj(fields, optional=optional)


def _collection(version, detail):
    return response_types.collection(
        'hypervisors', _hypervisor(version, detail),
        paged=response_types.at_least(version, '2.33'))


index_response = validation.by_version(
    lambda version: _collection(version, False), _RESPONSE_VERSIONS)
detail_response = validation.by_version(
    lambda version: _collection(version, True), _RESPONSE_VERSIONS)
show_response = validation.by_version(
    lambda version: response_types.wrapped('hypervisor',
                                           _hypervisor(version, True)),
    _RESPONSE_VERSIONS)
# /{pattern}/search and /{pattern}/servers (before 2.53): the list.
search_response = [(response_types.collection(
    'hypervisors', _hypervisor('2.1', False, servers=True), paged=False),
    '2.1', '2.52')]
statistics_response = [(response_types.wrapped(
    'hypervisor_statistics', response_types.obj(
        dict.fromkeys(('count',) + _COUNTS, response_types.INTEGER))),
    '2.1', None)]
# GET /os-hypervisors/{id}/uptime: the node and its uptime (nova_lite's
# drivers keep none, so the route answers 501 before any body).
uptime_response = validation.by_version(
    lambda version: response_types.wrapped('hypervisor', response_types.obj({
        'id': _id(version),
        'hypervisor_hostname': response_types.STRING,
        'state': {'enum': ['up', 'down']},
        'status': {'enum': ['enabled', 'disabled']},
        'uptime': response_types.NULLABLE_STRING})),
    ['2.1', '2.53'])
