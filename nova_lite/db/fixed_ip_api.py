"""Fixed IPs: the addresses instances hold on the flat network.

A row exists only while its address is in use. Allocation hands out the
lowest free addresses of the network's range and relies on the unique
(network, address) constraint: when two allocations pick the same address
at once, the second one's INSERT fails, its transaction rolls back and it
starts over with fresh usage. Deleting an instance deletes its rows
(``instance_api.instance_destroy``), which frees the addresses.
"""

import random
import time

import netaddr
from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

# How many times an allocation starts over after losing a race (or drawing
# a MAC address another instance has). All racing allocators want the same
# lowest address and each round lets at least one of them through, so N
# allocators racing on one network need up to N rounds: this covers a full
# conductor thread pool (oslo.messaging's executor_thread_pool_size, 64)
# with a random pause between rounds to spread the herd.
ALLOCATE_ATTEMPTS = 64

# The OpenStack MAC prefix Nova and Neutron use.
MAC_PREFIX = 'fa:16:3e'


def random_mac(taken=()):
    """A MAC address fa:16:3e:xx:xx:xx that is not in ``taken``."""
    while True:
        mac = '%s:%02x:%02x:%02x' % (MAC_PREFIX, random.getrandbits(8),
                                     random.getrandbits(8),
                                     random.getrandbits(8))
        if mac not in taken:
            return mac


def allocatable_range(cidr):
    """(first, last) integer addresses that may be handed out of ``cidr``.

    The network address and the first host address (the gateway) never
    are, and for IPv4 neither is the broadcast address. ``first > last``
    when the network is too small to hold any.
    """
    network = netaddr.IPNetwork(cidr)
    last = network.last - 1 if network.version == 4 else network.last
    return network.first + 2, last


def _lowest_free(cidr, used, count, label):
    """The ``count`` lowest addresses of ``cidr`` not in ``used`` (ints)."""
    first, last = allocatable_range(cidr)
    version = netaddr.IPNetwork(cidr).version
    found = []
    candidate = first
    while len(found) < count:
        if candidate > last:
            raise exception.NoMoreFixedIps(net=label)
        if candidate not in used:
            found.append(str(netaddr.IPAddress(candidate, version)))
        candidate += 1
    return found


def _check_live(session, instance_uuids):
    """Lock the instances' rows; InstanceNotFound if one is not live.

    The row lock orders us with a concurrent instance_destroy (which
    updates the same row first): either the destroy waits and then
    deletes the addresses given here, or we wait and see the instance gone.
    """
    inst = models.Instance
    live = set(session.scalars(sa.select(inst.uuid).where(
        inst.uuid.in_(instance_uuids), inst.deleted == 0).with_for_update()))
    for uuid in instance_uuids:
        if uuid not in live:
            raise exception.InstanceNotFound(instance_id=uuid)


def _new_rows(session, instance_uuids, network_label, cidr):
    """Rows giving each instance the lowest free address of the range."""
    fixed = models.FixedIp
    used = {int(netaddr.IPAddress(address)) for address in session.scalars(
        sa.select(fixed.address).where(fixed.network == network_label))}
    addresses = _lowest_free(cidr, used, len(instance_uuids), network_label)
    macs = set()
    rows = {}
    for uuid, address in zip(instance_uuids, addresses):
        mac = random_mac(macs)
        macs.add(mac)
        rows[uuid] = fixed(network=network_label, address=address,
                           mac_address=mac, instance_uuid=uuid)
    return rows


@api.retry_on_deadlock
def _allocate_once(instance_uuids, network_label, cidr):
    fixed = models.FixedIp
    with api.writer() as session:
        _check_live(session, instance_uuids)
        held = {row.instance_uuid: row for row in session.scalars(
            sa.select(fixed).where(fixed.network == network_label,
                                   fixed.instance_uuid.in_(instance_uuids)))}
        wanted = [uuid for uuid in instance_uuids if uuid not in held]
        if wanted:
            new = _new_rows(session, wanted, network_label, cidr)
            session.add_all(new.values())
            session.flush()
            held.update(new)
    return [held[uuid] for uuid in instance_uuids]


def fixed_ip_allocate(instance_uuids, network_label, cidr):
    """Give each instance an address of ``cidr`` on ``network_label``.

    One transaction for all the instances, lowest free addresses first (in
    the order of ``instance_uuids``). An instance that already holds an
    address on the network keeps it, so a retried call allocates nothing
    twice. Returns the rows, one per instance, in the order given.

    Raises NoMoreFixedIps when the range has too few free addresses left
    (nothing is allocated then), InstanceNotFound for an instance that is
    not live, ConcurrentUpdateDetected after losing ALLOCATE_ATTEMPTS races
    in a row.
    """
    instance_uuids = list(dict.fromkeys(instance_uuids))
    if not instance_uuids:
        return []
    for attempt in range(ALLOCATE_ATTEMPTS):
        try:
            return _allocate_once(instance_uuids, network_label, cidr)
        except db_exc.DBDuplicateEntry:
            # Another allocation took one of our addresses (or, rarely, a
            # MAC) meanwhile: start over, after a short random pause to
            # spread the herd.
            time.sleep(random.uniform(0, 0.005 * min(attempt + 1, 10)))
    raise exception.ConcurrentUpdateDetected(
        what='the fixed IPs of network %s' % network_label)


def fixed_ip_get_by_instance_uuids(instance_uuids):
    """The addresses the instances hold, ordered by instance then id."""
    if not instance_uuids:
        return []
    fixed = models.FixedIp
    with api.reader() as session:
        return list(session.scalars(sa.select(fixed).where(
            fixed.instance_uuid.in_(instance_uuids)).order_by(
                fixed.instance_uuid, fixed.id)))


def fixed_ips_by_instance(session, instance_uuids):
    """{instance uuid: [rows]} in one query, inside a caller's session."""
    fixed = models.FixedIp
    found = {}
    if not instance_uuids:
        return found
    for row in session.execute(sa.select(fixed.__table__).where(
            fixed.instance_uuid.in_(instance_uuids)).order_by(fixed.id)):
        found.setdefault(row.instance_uuid, []).append(row)
    return found


def release(session, instance_uuid):
    """Delete the instance's addresses in the caller's transaction.

    Returns how many rows went.
    """
    fixed = models.FixedIp
    return session.execute(sa.delete(fixed).where(
        fixed.instance_uuid == instance_uuid)).rowcount
