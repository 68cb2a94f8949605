"""Query and response schemas of /os-availability-zone (Nova's)."""

from nova_lite.api.schemas import response_types as types
from nova_lite.api.validation import parameter_types

index_query = parameter_types.any_query
detail_query = parameter_types.any_query

_STATE = types.obj({'available': types.BOOLEAN})

# GET /os-availability-zone: names and states, no hosts.
_ZONE = types.obj({'zoneName': types.STRING, 'zoneState': _STATE,
                   'hosts': {'type': 'null'}})

# /detail: {host: {binary: {available, active, updated_at}}} for the
# zones that are available; null for the others.
_HOSTS = {'type': ['object', 'null'], 'additionalProperties': {
    'type': 'object', 'additionalProperties': types.obj({
        'available': types.BOOLEAN, 'active': types.BOOLEAN,
        'updated_at': types.DB_TIME})}}

_ZONE_DETAIL = types.obj({'zoneName': types.STRING, 'zoneState': _STATE,
                          'hosts': _HOSTS})

index_response = [(types.collection('availabilityZoneInfo', _ZONE,
                                    paged=False), '2.1', None)]
detail_response = [(types.collection('availabilityZoneInfo', _ZONE_DETAIL,
                                     paged=False), '2.1', None)]
