"""A driver double for the recovery and power-sync tests.

It keeps guests as ``{uuid: power_state}`` and records every call that
changes them, so a test can state exactly what was done to which guest,
without depending on the fake driver's own persistence.
"""

from nova_lite.compute import power_state
from nova_lite import exception
from nova_lite.virt import driver


class GuestStub:
    """The driver methods recovery and the power sync use."""

    def __init__(self, guests=None):
        self.guests = dict(guests or {})
        self.calls = []
        self.fail = {}      # method name -> exception to raise

    def _call(self, name, uuid, *extra):
        self.calls.append((name, uuid) + extra)
        if name in self.fail:
            raise self.fail[name]

    def list_instances(self):
        return list(self.guests)

    def get_info(self, instance):
        if instance.uuid not in self.guests:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return driver.InstanceInfo(state=self.guests[instance.uuid],
                                   internal_id=instance.uuid)

    def reboot(self, context, instance, network_info, reboot_type):
        self._call('reboot', instance.uuid, reboot_type, network_info)
        self.guests[instance.uuid] = power_state.RUNNING

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._call('power_off', instance.uuid)
        self.guests[instance.uuid] = power_state.SHUTDOWN

    def power_on(self, context, instance, network_info):
        self._call('power_on', instance.uuid)
        self.guests[instance.uuid] = power_state.RUNNING

    def destroy(self, context, instance):
        self._call('destroy', instance.uuid)
        self.guests.pop(instance.uuid, None)


class MigratingGuestStub(GuestStub):
    """Also has the resize helper's ``finish_revert_migration``."""

    def finish_revert_migration(self, context, instance, network_info,
                                power_on=True):
        self._call('finish_revert_migration', instance.uuid, power_on)
        self.guests[instance.uuid] = (power_state.RUNNING if power_on
                                      else power_state.SHUTDOWN)
