"""The contract between a compute manager and a hypervisor.

A driver talks only to its hypervisor: it never touches the database, RPC or
instance state machines (the manager does). Each method states what must be
true when it returns and, where there is one, its inverse.
"""


class InstanceInfo:
    """What the hypervisor says about one guest."""

    def __init__(self, state, internal_id=None):
        #: A ``nova_lite.compute.power_state`` value.
        self.state = state
        self.internal_id = internal_id

    def __eq__(self, other):
        return (isinstance(other, InstanceInfo) and
                (self.state, self.internal_id) ==
                (other.state, other.internal_id))


class ComputeDriver:
    """Base class of virt drivers; every method must be implemented."""

    def init_host(self, host):
        """Connect to the hypervisor of ``host``; called once at start,
        before the service registers. Raise to refuse to start."""
        raise NotImplementedError()

    def cleanup_host(self, host):
        """Release what :meth:`init_host` took; called on stop."""
        raise NotImplementedError()

    def get_available_nodes(self):
        """Names of the nodes this driver manages (usually one: the host).

        Each name becomes a ComputeNode's ``hypervisor_hostname``.
        """
        raise NotImplementedError()

    def get_available_resource(self, nodename):
        """Capacity of ``nodename`` as a dict.

        Keys: ``vcpus``, ``memory_mb``, ``local_gb`` (totals, before
        reservations and allocation ratios), ``hypervisor_type``,
        ``hypervisor_version``, ``hypervisor_hostname``, ``cpu_info``
        (a string) and ``host_ip``.
        """
        raise NotImplementedError()

    def list_instances(self):
        """UUIDs of the guests that exist on this host, running or not."""
        raise NotImplementedError()

    def get_info(self, instance):
        """An :class:`InstanceInfo` for ``instance``.

        :raises: InstanceNotFound when the hypervisor has no such guest
        """
        raise NotImplementedError()

    def spawn(self, context, instance, image_meta, network_info=None):
        """Create and start the guest of ``instance``.

        :param image_meta: a dict describing the image, at least ``id``
        :param network_info: a list of dicts, one per fixed IP:
            ``{"network": label, "address": ip, "mac": mac, "version": 4}``

        Postcondition: the guest exists and :meth:`get_info` reports
        RUNNING. Inverse: :meth:`destroy`. On failure the driver leaves no
        guest behind and raises: RescheduledException when another host
        may well succeed (the build is retried on an alternate host), any
        other exception when it is no use trying elsewhere (the instance
        goes to ERROR with the exception's message as its fault).
        """
        raise NotImplementedError()

    def destroy(self, context, instance):
        """Stop and remove the guest of ``instance`` if it exists.

        Postcondition: the guest is gone. Idempotent: destroying a missing
        guest is not an error.
        """
        raise NotImplementedError()
