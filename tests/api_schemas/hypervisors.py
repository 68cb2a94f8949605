"""Response schemas of /os-hypervisors: 2.1, 2.28 (``cpu_info`` an
object), 2.33 (``hypervisors_links``), 2.53 (uuid ids, ``servers`` with
``with_servers``). The resource fields remain until 2.88, beyond 2.73.
"""

from tests.api_schemas import types

_SERVERS = {
    'type': 'array', 'minItems': 1,
    'items': {'type': 'object',
              'properties': {'name': {'type': 'string'},
                             'uuid': types.UUID},
              'required': ['name', 'uuid'],
              'additionalProperties': False},
}
_INT = {'type': 'integer'}


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


def _id(version):
    return types.UUID if _at_least(version, '2.53') else _INT


def _basic_props(version):
    return {
        'id': _id(version),
        'hypervisor_hostname': {'type': 'string'},
        'state': {'enum': ['up', 'down']},
        'status': {'enum': ['enabled', 'disabled']},
    }


def _detail_props(version):
    props = _basic_props(version)
    props.update({name: _INT for name in (
        'vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
        'local_gb_used', 'free_ram_mb', 'free_disk_gb', 'current_workload',
        'running_vms', 'disk_available_least')})
    props.update({
        'hypervisor_type': {'type': 'string'},
        'hypervisor_version': _INT,
        'host_ip': {'anyOf': [types.IP_ADDRESS, {'type': 'null'}]},
        'service': {
            'type': 'object',
            'properties': {'id': _id(version), 'host': {'type': 'string'},
                           'disabled_reason': types.NULLABLE_STRING},
            'required': ['id', 'host', 'disabled_reason'],
            'additionalProperties': False,
        },
        'cpu_info': ({'type': 'object'} if _at_least(version, '2.28')
                     else types.NULLABLE_STRING),
    })
    return props


def _hypervisor(version, props):
    required = sorted(props)
    if _at_least(version, '2.53'):
        props = dict(props, servers=_SERVERS)
    return {'type': 'object', 'properties': props, 'required': required,
            'additionalProperties': False}


def _collection(version, props):
    body = {'hypervisors': {'type': 'array',
                            'items': _hypervisor(version, props)}}
    if _at_least(version, '2.33'):
        body['hypervisors_links'] = types.COLLECTION_LINKS
    return {'type': 'object', 'properties': body,
            'required': ['hypervisors'], 'additionalProperties': False}


def index(version, admin=None):
    return _collection(version, _basic_props(version))


def detail(version, admin=None):
    return _collection(version, _detail_props(version))


def show(version, admin=None):
    return {'type': 'object',
            'properties': {'hypervisor': _hypervisor(
                version, _detail_props(version))},
            'required': ['hypervisor'], 'additionalProperties': False}


def statistics(version=None, admin=None):
    names = ('count', 'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
             'memory_mb_used', 'local_gb_used', 'free_ram_mb',
             'free_disk_gb', 'current_workload', 'running_vms',
             'disk_available_least')
    stats = {'type': 'object', 'properties': dict.fromkeys(names, _INT),
             'required': list(names), 'additionalProperties': False}
    return {'type': 'object', 'properties': {'hypervisor_statistics': stats},
            'required': ['hypervisor_statistics'],
            'additionalProperties': False}
