"""FixedIP: an address of the flat network an instance holds.

The conductor allocates them once the scheduler has placed the instances
(``FixedIPList.allocate_for_instances``); ``Instance.destroy()`` releases
them with the instance, in the same transaction.
"""

from oslo_config import cfg

from nova_lite import db as db_pkg
from nova_lite.objects import base
from nova_lite.objects import fields

# The options are registered by nova_lite.conf, which every binary imports
# at start; importing it here would load oslo.db into every process.
CONF = cfg.CONF
db = db_pkg.lazy('fixed_ip_api')


@base.NovaLiteObjectRegistry.register
class FixedIP(base.TimestampedObject, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        # The network's label: the key of the server's "addresses".
        'network': fields.StringField(),
        'address': fields.IPAddressField(),
        'mac_address': fields.StringField(),
        'instance_uuid': fields.UUIDField(),
    })

    @staticmethod
    def _from_db_object(context, fixed_ip, db_fixed_ip):
        return base.from_db_object(context, fixed_ip, db_fixed_ip)

    def to_network_info(self):
        """This address as a network_info item handed to the compute."""
        return {'network': self.network, 'address': str(self.address),
                'mac': self.mac_address, 'version': self.address.version}


@base.NovaLiteObjectRegistry.register
class FixedIPList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('FixedIP'),
    }

    @classmethod
    def _make(cls, context, db_fixed_ips):
        return base.obj_make_list(context, cls(context), FixedIP,
                                  db_fixed_ips)

    @classmethod
    @base.remotable
    def allocate_for_instances(cls, context, instance_uuids, network_label):
        """Give each instance an address on ``network_label``, atomically.

        One transaction for all of them: the lowest free addresses of
        ``[network] fixed_range`` (the conductor's), never the network,
        gateway (first host) or broadcast address. An instance that already
        has an address on that network keeps it, so calling again (a
        reschedule) allocates nothing twice. Returns one FixedIP per
        instance, in the order of ``instance_uuids``.

        Raises NoMoreFixedIps when the range is exhausted (nothing is
        allocated then), InstanceNotFound when an instance is gone (deleted
        meanwhile), ConcurrentUpdateDetected if other allocations kept
        winning the race for the same addresses.
        """
        return cls._make(context, db.fixed_ip_allocate(
            instance_uuids, network_label, CONF.network.fixed_range))

    @classmethod
    @base.remotable
    def get_by_instance_uuids(cls, context, instance_uuids):
        """The addresses the instances hold, in one query."""
        return cls._make(context,
                         db.fixed_ip_get_by_instance_uuids(instance_uuids))

    def to_network_info(self):
        """The network_info list handed to a compute (one dict per IP)."""
        return [fixed_ip.to_network_info() for fixed_ip in self]
