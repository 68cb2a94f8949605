"""[network] options: the one flat network servers get addresses from."""

import netaddr
from oslo_config import cfg
from oslo_config import types


class Cidr(types.String):
    """An IPv4 or IPv6 network in CIDR notation, normalized on load."""

    def __init__(self):
        super().__init__(type_name='CIDR value')

    def __call__(self, value):
        value = super().__call__(value)
        try:
            network = netaddr.IPNetwork(value)
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise ValueError('%r is not a network in CIDR notation' % value)
        return str(network.cidr)

    def __repr__(self):
        return 'CIDR'


network_group = cfg.OptGroup(
    'network',
    title='Network options',
    help="""
nova_lite gives every server one fixed IP address on a single flat network
whose addresses the conductor hands out from ``fixed_range``. There is no
DHCP server or router behind it: the address is what the API shows in a
server's ``addresses`` and what the virt driver configures.
""")

network_opts = [
    cfg.Opt('fixed_range',
            type=Cidr(),
            default='10.0.0.0/16',
            help="""
The range servers' fixed IP addresses are allocated from, lowest free
address first.

The network address, the first host address (the gateway) and, for IPv4,
the broadcast address are never handed out, so a /24 gives 253 servers.
Changing the range leaves the addresses already given out in place; only
new allocations use the new range.

Possible values:

* A network in CIDR notation, IPv4 (``10.0.0.0/16``) or IPv6.

Related options:

* ``network_label``
"""),
    cfg.StrOpt('network_label',
               default='private',
               help="""
The name of the network, as the API shows it: the key of a server's
``addresses``.

Related options:

* ``fixed_range``
"""),
]


def register_opts(conf):
    conf.register_group(network_group)
    conf.register_opts(network_opts, group=network_group)


def list_opts():
    return {network_group: network_opts}
