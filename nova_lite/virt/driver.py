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

    # -- power and lifecycle actions (compute RPC 1.1) --------------------
    #
    # Each action leaves the guest in the power state it names, or raises
    # and leaves it as it was. The manager sets the instance's vm_state and
    # power_state from the outcome; the driver never saves the instance.

    def reboot(self, context, instance, network_info, reboot_type):
        """Restart the guest of ``instance``.

        :param reboot_type: ``'SOFT'`` (ask the guest OS to restart) or
            ``'HARD'`` (reset it, recreating the guest if the hypervisor
            lost it)

        Postcondition: :meth:`get_info` reports RUNNING, whatever the
        power state before. No inverse.
        :raises: InstanceNotFound when a SOFT reboot finds no guest
        """
        raise NotImplementedError()

    def power_off(self, instance, timeout=0, retry_interval=0):
        """Stop the guest of ``instance``.

        :param timeout: seconds to wait for a clean shutdown of the guest
            OS before cutting the power; 0 cuts it at once
        :param retry_interval: seconds between shutdown requests while
            ``timeout`` runs

        Postcondition: :meth:`get_info` reports SHUTDOWN. Idempotent.
        Inverse: :meth:`power_on`.
        :raises: InstanceNotFound when there is no guest
        """
        raise NotImplementedError()

    def power_on(self, context, instance, network_info):
        """Start the guest of ``instance``.

        Postcondition: :meth:`get_info` reports RUNNING (a guest the
        hypervisor lost is recreated). Idempotent. Inverse:
        :meth:`power_off`.
        """
        raise NotImplementedError()

    def pause(self, instance):
        """Freeze the running guest of ``instance`` in memory.

        Postcondition: :meth:`get_info` reports PAUSED. Inverse:
        :meth:`unpause`.
        :raises: InstanceNotFound when there is no guest;
            InstanceInvalidState when it is not running
        """
        raise NotImplementedError()

    def unpause(self, instance):
        """Let the paused guest of ``instance`` run again.

        Postcondition: :meth:`get_info` reports RUNNING. Inverse:
        :meth:`pause`.
        :raises: InstanceNotFound when there is no guest;
            InstanceInvalidState when it is not paused
        """
        raise NotImplementedError()

    def suspend(self, context, instance):
        """Save the memory of the running (or paused) guest of
        ``instance`` to disk and stop it.

        Postcondition: :meth:`get_info` reports SUSPENDED. Inverse:
        :meth:`resume`.
        :raises: InstanceNotFound when there is no guest;
            InstanceInvalidState when it is neither running nor paused
        """
        raise NotImplementedError()

    def resume(self, context, instance, network_info):
        """Restore the suspended guest of ``instance`` from disk.

        Postcondition: :meth:`get_info` reports RUNNING. Inverse:
        :meth:`suspend`.
        :raises: InstanceNotFound when there is no guest;
            InstanceInvalidState when it is not suspended
        """
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        """The guest's serial console log so far, as text (may be empty).

        Read only: no postcondition, no inverse.
        :raises: InstanceNotFound when there is no guest
        """
        raise NotImplementedError()

    # -- resize (compute RPC 1.2) -----------------------------------------
    #
    # The source host keeps its guest (powered off) until the resize is
    # confirmed, so a revert can bring it back. In a resize to the same
    # host one driver plays both parts for the same instance.

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info):
        """Source host: stop the guest of ``instance`` and hand its disks
        to host ``dest`` for ``flavor``.

        Postcondition: :meth:`get_info` reports SHUTDOWN here; the guest
        is kept. Inverse: :meth:`finish_revert_migration`.
        :returns: driver data about the disks (may be empty)
        :raises: InstanceNotFound when there is no guest; any exception
            leaves the guest as it was
        """
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, image_meta,
                         network_info, resize_instance, power_on=True):
        """Destination host: create the guest of ``instance`` with its new
        flavor (``instance.flavor``) from the disks handed over.

        :param migration: the Migration (source and destination)
        :param resize_instance: True when the disks change size
        :param power_on: start the guest (False for a stopped server)

        Postcondition: the guest exists here, RUNNING when ``power_on``
        else SHUTDOWN. Inverse: :meth:`destroy` (on revert).
        """
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance, network_info):
        """Source host: the resize is kept; remove what the source still
        holds of the guest (nothing when source and destination are the
        same host, whose guest is the resized one).

        Postcondition: no guest of ``instance`` remains here unless the
        resize stayed on this host. Idempotent. No inverse.
        """
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, network_info,
                                power_on=True):
        """Source host: bring back the guest of ``instance`` as it was
        before the resize (its old flavor, ``instance.flavor`` again).

        Postcondition: the guest exists here, RUNNING when ``power_on``
        else SHUTDOWN. Idempotent.
        """
        raise NotImplementedError()
