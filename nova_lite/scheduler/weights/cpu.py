"""CPUWeigher: hosts with more free vCPUs weigh more."""

import nova_lite.conf
from nova_lite.scheduler import utils
from nova_lite.scheduler.weights import base

CONF = nova_lite.conf.CONF


class CPUWeigher(base.BaseHostWeigher):
    """Free vCPUs after allocations; ``[filter_scheduler]
    cpu_weight_multiplier`` < 0 stacks instead of spreading."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.cpu_weight_multiplier

    def weigh_object(self, host_state, request):
        return host_state.free(utils.VCPU)
