"""Host weighers: rank the hosts that passed the filters, best first.

One weigher per module. Each gives every host a raw weight; the raw
weights are scaled to 0..1 across the hosts of the request, multiplied by
the weigher's multiplier and summed. Positive multipliers (the default)
favour hosts with more free resources: instances spread.
"""

from nova_lite.scheduler.weights import affinity
from nova_lite.scheduler.weights import cpu
from nova_lite.scheduler.weights import disk
from nova_lite.scheduler.weights import ram


def all_weighers():
    return [ram.RAMWeigher(), cpu.CPUWeigher(), disk.DiskWeigher(),
            affinity.ServerGroupSoftAffinityWeigher(),
            affinity.ServerGroupSoftAntiAffinityWeigher()]


def normalize(values):
    """Scale ``values`` to 0..1 (all 0 when they are all equal)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [0.0] * len(values)
    return [(v - low) / float(high - low) for v in values]


def weigh_hosts(weighers, hosts, request):
    """``hosts`` sorted best first; ties keep their order."""
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        multiplier = weigher.weight_multiplier()
        if not multiplier:
            continue
        raw = [weigher.weigh_object(host, request) for host in hosts]
        for index, value in enumerate(normalize(raw)):
            totals[index] += multiplier * value
    order = sorted(range(len(hosts)), key=lambda i: -totals[i])
    return [hosts[i] for i in order]
