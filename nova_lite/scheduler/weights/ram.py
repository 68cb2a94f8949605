"""RAMWeigher: hosts with more free RAM weigh more."""

import nova_lite.conf
from nova_lite.scheduler import utils
from nova_lite.scheduler.weights import base

CONF = nova_lite.conf.CONF


class RAMWeigher(base.BaseHostWeigher):
    """Free RAM after allocations; ``[filter_scheduler]
    ram_weight_multiplier`` < 0 stacks instead of spreading."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier

    def weigh_object(self, host_state, request):
        return host_state.free(utils.MEMORY_MB)
