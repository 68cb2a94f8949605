"""DiskWeigher: hosts with more free disk weigh more."""

import nova_lite.conf
from nova_lite.scheduler import utils
from nova_lite.scheduler.weights import base

CONF = nova_lite.conf.CONF


class DiskWeigher(base.BaseHostWeigher):
    """Free disk after allocations; ``[filter_scheduler]
    disk_weight_multiplier`` < 0 stacks instead of spreading."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier

    def weigh_object(self, host_state, request):
        return host_state.free(utils.DISK_GB)
