"""ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher:
the ``soft-affinity`` and ``soft-anti-affinity`` policies of server groups.

A soft policy never removes a host: it only ranks the hosts by how many
members of the group each already runs (more is better for soft-affinity,
fewer for soft-anti-affinity), so a boot still succeeds when the policy
cannot be followed. The multipliers are ``[filter_scheduler]
soft_affinity_weight_multiplier`` and ``soft_anti_affinity_weight_multiplier``.
"""

import nova_lite.conf
from nova_lite.scheduler.weights import base

CONF = nova_lite.conf.CONF


class _GroupWeigher(base.BaseHostWeigher):
    policy = None

    def weigh_object(self, host_state, request):
        if request.group_policy != self.policy:
            return 0
        return self._weight(request.group_members_on(host_state.host))

    @staticmethod
    def _weight(members):
        raise NotImplementedError()


class ServerGroupSoftAffinityWeigher(_GroupWeigher):
    """Hosts running more members of a soft-affinity group weigh more."""

    policy = 'soft-affinity'

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    @staticmethod
    def _weight(members):
        return members


class ServerGroupSoftAntiAffinityWeigher(_GroupWeigher):
    """Hosts running fewer members of a soft-anti-affinity group weigh
    more."""

    policy = 'soft-anti-affinity'

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    @staticmethod
    def _weight(members):
        return -members
