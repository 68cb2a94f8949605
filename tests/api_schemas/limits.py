"""Response schema of /limits: 2.1, minus the network quotas at 2.36,
``maxImageMeta`` at 2.39 and the personality limits at 2.57."""

_COUNT = {'type': 'integer', 'minimum': -1}


def _at_least(version, since):
    return (tuple(int(p) for p in version.split('.')) >=
            tuple(int(p) for p in since.split('.')))


def show(version, admin=None):
    names = ['maxServerMeta', 'maxTotalCores', 'maxTotalInstances',
             'maxTotalKeypairs', 'maxTotalRAMSize', 'maxServerGroups',
             'maxServerGroupMembers', 'totalCoresUsed', 'totalInstancesUsed',
             'totalRAMUsed', 'totalServerGroupsUsed']
    if not _at_least(version, '2.36'):
        names += ['maxSecurityGroupRules', 'maxSecurityGroups',
                  'maxTotalFloatingIps', 'totalFloatingIpsUsed',
                  'totalSecurityGroupsUsed']
    if not _at_least(version, '2.39'):
        names.append('maxImageMeta')
    if not _at_least(version, '2.57'):
        names += ['maxPersonality', 'maxPersonalitySize']
    absolute = {'type': 'object', 'properties': dict.fromkeys(names, _COUNT),
                'required': sorted(names), 'additionalProperties': False}
    limits = {'type': 'object',
              'properties': {'absolute': absolute,
                             'rate': {'type': 'array', 'maxItems': 0}},
              'required': ['absolute', 'rate'],
              'additionalProperties': False}
    return {'type': 'object', 'properties': {'limits': limits},
            'required': ['limits'], 'additionalProperties': False}
