"""Response body of /limits (Nova's shape, up to microversion 2.73).

``absolute`` maps Nova's names to the project's limits and its
counted usage; ``rate`` is always empty (rate limits left Nova long ago).
Limits of resources nova_lite does not have (floating IPs, security groups,
injected files) keep Nova's old defaults until the microversion that drops
them.
"""

from nova_lite.api import microversion

# Nova's defaults of the quotas that concern proxies and personality files;
# shown only at the microversions that still show them.
_NETWORK_LIMITS = {'maxSecurityGroupRules': 20, 'maxSecurityGroups': 10,
                   'maxTotalFloatingIps': 10, 'totalFloatingIpsUsed': 0,
                   'totalSecurityGroupsUsed': 0}
_PERSONALITY_LIMITS = {'maxPersonality': 5, 'maxPersonalitySize': 10240}


def index(request, limits, usages):
    """``limits``: {resource: limit} of the project; ``usages``:
    {resource: used} (instances, cores, ram, server_groups)."""
    absolute = {
        'maxServerMeta': limits['metadata_items'],
        'maxTotalCores': limits['cores'],
        'maxTotalInstances': limits['instances'],
        'maxTotalKeypairs': limits['key_pairs'],
        'maxTotalRAMSize': limits['ram'],
        'maxServerGroups': limits['server_groups'],
        'maxServerGroupMembers': limits['server_group_members'],
        'totalCoresUsed': usages.get('cores', 0),
        'totalInstancesUsed': usages.get('instances', 0),
        'totalRAMUsed': usages.get('ram', 0),
        'totalServerGroupsUsed': usages.get('server_groups', 0),
    }
    if not microversion.hides_network_limits(request):
        absolute.update(_NETWORK_LIMITS)
    if not microversion.hides_image_meta_limit(request):
        absolute['maxImageMeta'] = limits['metadata_items']
    if not microversion.hides_personality_limits(request):
        absolute.update(_PERSONALITY_LIMITS)
    return {'limits': {'absolute': absolute, 'rate': []}}
