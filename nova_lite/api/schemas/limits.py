"""Query string and response schemas of /limits (Nova's, before 2.75)."""

from nova_lite.api.schemas import response_types
from nova_lite.api import validation
from nova_lite.api.validation import parameter_types

index_query = {
    'type': 'object',
    'properties': {
        'tenant_id': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

# --- responses -------------------------------------------------------------

# 2.36 drops the network quotas, 2.39 maxImageMeta, 2.57 the personality
# limits. -1 is "unlimited".
_RESPONSE_VERSIONS = ['2.1', '2.36', '2.39', '2.57']
_NAMES = ('maxServerMeta', 'maxTotalCores', 'maxTotalInstances',
          'maxTotalKeypairs', 'maxTotalRAMSize', 'maxServerGroups',
          'maxServerGroupMembers', 'totalCoresUsed', 'totalInstancesUsed',
          'totalRAMUsed', 'totalServerGroupsUsed')
_NETWORK = ('maxSecurityGroupRules', 'maxSecurityGroups',
            'maxTotalFloatingIps', 'totalFloatingIpsUsed',
            'totalSecurityGroupsUsed')


def _limits(version):
    names = list(_NAMES)
    if not response_types.at_least(version, '2.36'):
        names += _NETWORK
    if not response_types.at_least(version, '2.39'):
        names.append('maxImageMeta')
    if not response_types.at_least(version, '2.57'):
        names += ['maxPersonality', 'maxPersonalitySize']
    absolute = response_types.obj(
        dict.fromkeys(names, {'type': 'integer', 'minimum': -1}))
    return response_types.wrapped('limits', response_types.obj({
        'absolute': absolute, 'rate': {'type': 'array', 'maxItems': 0}}))


index_response = validation.by_version(_limits, _RESPONSE_VERSIONS)
