"""The base class of host weighers."""


class BaseHostWeigher:
    """Gives a host a raw weight; more is better before the multiplier."""

    def weight_multiplier(self):
        """How much this weigher counts (0 disables it)."""
        raise NotImplementedError()

    def weigh_object(self, host_state, request):
        raise NotImplementedError()
