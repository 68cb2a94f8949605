"""Query functions of services and compute nodes."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import allocation_api
from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

_COMPUTE_BINARY = 'nova-lite-compute'


# --- services ----------------------------------------------------------------

def _service_query(read_deleted='no'):
    return api.filter_read_deleted(sa.select(models.Service),
                                   models.Service, read_deleted)


def service_get(service_id, read_deleted='no'):
    """The service row of ``id``; ServiceNotFound if there is none."""
    with api.reader() as session:
        row = session.scalars(_service_query(read_deleted).where(
            models.Service.id == service_id)).first()
    if row is None:
        raise exception.ServiceNotFound(service_id=service_id)
    return row


def service_get_by_uuid(service_uuid):
    """The live service row of ``uuid``; ServiceNotFound if none."""
    with api.reader() as session:
        row = session.scalars(_service_query().where(
            models.Service.uuid == service_uuid)).first()
    if row is None:
        raise exception.ServiceNotFound(service_id=service_uuid)
    return row


def service_get_by_host_and_binary(host, binary):
    """The live service of ``binary`` on ``host``, or None."""
    with api.reader() as session:
        return session.scalars(_service_query().where(
            models.Service.host == host,
            models.Service.binary == binary)).first()


def service_get_all(disabled=None, read_deleted='no', binary=None,
                    host=None):
    """Services, optionally only (not) disabled, of a binary or a host."""
    stmt = _service_query(read_deleted)
    if disabled is not None:
        stmt = stmt.where(models.Service.disabled == disabled)
    if binary is not None:
        stmt = stmt.where(models.Service.binary == binary)
    if host is not None:
        stmt = stmt.where(models.Service.host == host)
    with api.reader() as session:
        return list(session.scalars(stmt.order_by(models.Service.id)))


def service_get_minimum_version(binary):
    """Lowest version among live, not forced-down services; 0 if none.

    A forced-down service is known to be gone (its host was fenced), so it
    does not hold back the RPC version the others may use.
    """
    stmt = sa.select(sa.func.min(models.Service.version)).where(
        models.Service.binary == binary,
        models.Service.deleted == 0,
        models.Service.forced_down == sa.false())
    with api.reader() as session:
        return session.execute(stmt).scalar() or 0


def _service_conflict(err, values):
    """Which unique constraint was hit, as the exception to raise.

    A row that repeats host, binary and topic breaks both constraints and
    the servers report either one (MySQL: topic), so look for the binary.
    """
    host, binary = values.get('host'), values.get('binary')
    if ('binary' in (err.columns or ())
            or service_get_by_host_and_binary(host, binary) is not None):
        return exception.ServiceBinaryExists(host=host, binary=binary)
    return exception.ServiceTopicExists(host=host, topic=values.get('topic'))


@api.retry_on_deadlock
def service_create(values):
    """Insert a service; ServiceBinaryExists/ServiceTopicExists if taken."""
    row = models.Service()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
    except db_exc.DBDuplicateEntry as err:
        raise _service_conflict(err, values)
    return row


@api.retry_on_deadlock
def service_update(service_id, values):
    """Update a live service and return it.

    When ``report_count`` changes (a heartbeat), ``last_seen_up`` is set to
    now by this clock, the conductor's: the computes' clocks never decide
    whether a service is up.
    """
    values = api.prepare_values(values)
    if 'report_count' in values:
        values['last_seen_up'] = api.utcnow()
    try:
        with api.writer() as session:
            row = session.scalars(_service_query().where(
                models.Service.id == service_id)).first()
            if row is None:
                raise exception.ServiceNotFound(service_id=service_id)
            row.update(values)
    except db_exc.DBDuplicateEntry as err:
        raise _service_conflict(err, values)
    return row


def _live_instances_on(session, host):
    inst = models.Instance
    return session.execute(sa.select(sa.func.count(inst.id)).where(
        inst.host == host, inst.deleted == 0)).scalar()


@api.retry_on_deadlock
def service_destroy(service_id):
    """Soft-delete a service; a compute's nodes go with it.

    A compute whose host still has live instances is refused
    (ComputeHostHasInstances, 409): its nodes and their allocations would
    be orphaned. The count and the delete are one transaction.
    """
    with api.writer() as session:
        row = session.scalars(_service_query().where(
            models.Service.id == service_id)).first()
        if row is None:
            raise exception.ServiceNotFound(service_id=service_id)
        if (row.binary == _COMPUTE_BINARY
                and _live_instances_on(session, row.host)):
            raise exception.ComputeHostHasInstances()
        api.soft_delete(session, models.Service,
                        models.Service.id == service_id)
        if row.binary == _COMPUTE_BINARY:
            node = models.ComputeNode
            api.soft_delete(session, node,
                            sa.or_(node.service_id == service_id,
                                   node.host == row.host))


# --- compute nodes -------------------------------------------------------------

def _node_query(read_deleted='no'):
    return api.filter_read_deleted(sa.select(models.ComputeNode),
                                   models.ComputeNode, read_deleted)


def compute_node_get(node_id):
    """The live node of ``id``; ComputeNodeNotFound if there is none."""
    with api.reader() as session:
        row = session.scalars(_node_query().where(
            models.ComputeNode.id == node_id)).first()
    if row is None:
        raise exception.ComputeNodeNotFound(node=node_id)
    return row


def compute_node_get_by_uuid(node_uuid):
    """The live node of ``uuid``; ComputeNodeNotFound if there is none."""
    with api.reader() as session:
        row = session.scalars(_node_query().where(
            models.ComputeNode.uuid == node_uuid)).first()
    if row is None:
        raise exception.ComputeNodeNotFound(node=node_uuid)
    return row


def compute_node_get_by_host_and_nodename(host, nodename):
    """The live node ``nodename`` of ``host``; ComputeHostNotFound if none."""
    with api.reader() as session:
        row = session.scalars(_node_query().where(
            models.ComputeNode.host == host,
            models.ComputeNode.hypervisor_hostname == nodename)).first()
    if row is None:
        raise exception.ComputeHostNotFound(host=host)
    return row


def compute_node_get_all(read_deleted='no'):
    with api.reader() as session:
        return list(session.scalars(
            _node_query(read_deleted).order_by(models.ComputeNode.id)))


def _node_by_marker(session, marker):
    """The live node a paging marker names (its id or its uuid)."""
    node = models.ComputeNode
    column = node.id if str(marker).isdigit() else node.uuid
    row = session.scalars(_node_query().where(column == marker)).first()
    if row is None:
        raise exception.MarkerNotFound(marker=marker)
    return row


def compute_node_get_all_by_pagination(limit=None, marker=None):
    """Live nodes by id, after the ``marker`` node (its id or uuid)."""
    node = models.ComputeNode
    with api.reader() as session:
        marker_row = None
        if marker is not None:
            marker_row = _node_by_marker(session, marker)
        stmt = api.paginate(_node_query(), node, ['id'], 'asc', limit,
                            marker_row)
        return list(session.scalars(stmt))


def compute_node_search_by_hypervisor(pattern):
    """Live nodes whose hypervisor_hostname contains ``pattern``.

    A plain substring match (LIKE, with ``%`` and ``_`` escaped), as
    Nova's hypervisor search; ordered by id.
    """
    node = models.ComputeNode
    escaped = ''.join('!' + char if char in '%_!' else char
                      for char in pattern)
    stmt = _node_query().where(node.hypervisor_hostname.like(
        '%' + escaped + '%', escape='!')).order_by(node.id)
    with api.reader() as session:
        return list(session.scalars(stmt))


def compute_node_get_all_by_host(host):
    """The live nodes of ``host``; ComputeHostNotFound if it has none."""
    with api.reader() as session:
        rows = list(session.scalars(_node_query().where(
            models.ComputeNode.host == host).order_by(models.ComputeNode.id)))
    if not rows:
        raise exception.ComputeHostNotFound(host=host)
    return rows


@api.retry_on_deadlock
def compute_node_create(values):
    """Insert a node; ComputeNodeExists if host/nodename is taken."""
    row = models.ComputeNode()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.ComputeNodeExists(
            host=values.get('host'),
            hypervisor_hostname=values.get('hypervisor_hostname'))
    return row


@api.retry_on_deadlock
def compute_node_update(node_id, values):
    """Update a live node and return it.

    ``generation`` belongs to the allocation claims and is never written
    here, whatever ``values`` holds.
    """
    values = api.prepare_values(values)
    values.pop('generation', None)
    with api.writer() as session:
        row = session.scalars(_node_query().where(
            models.ComputeNode.id == node_id)).first()
        if row is None:
            raise exception.ComputeNodeNotFound(node=node_id)
        row.update(values)
    return row


@api.retry_on_deadlock
def compute_node_destroy(node_id):
    """Soft-delete a node; ComputeNodeNotFound if it is not live."""
    node = models.ComputeNode
    with api.writer() as session:
        deleted = api.soft_delete(session, node, node.id == node_id)
    if deleted == 0:
        raise exception.ComputeNodeNotFound(node=node_id)


# --- scheduler input -------------------------------------------------------------

def host_state_get_all():
    """What the scheduler needs of every live compute node, in 3 queries.

    Returns a list of (node row, service row, {resource class: used},
    {resource class: capacity}) for each live node whose host runs a live
    compute service (a node without one cannot be built on, as in Nova's
    host manager); ``capacity`` is what a claim checks against
    (``allocation_api.capacity``). All read in one transaction, so usage
    and inventory are of the same moment.
    """
    with api.reader() as session:
        nodes = list(session.scalars(_node_query().order_by(
            models.ComputeNode.id)))
        hosts = {node.host for node in nodes}
        services = {svc.host: svc for svc in session.scalars(
            _service_query().where(models.Service.binary == _COMPUTE_BINARY,
                                   models.Service.host.in_(hosts)))}
        used = allocation_api.usages(session) if nodes else {}
    return [(node, services[node.host], used.get(node.uuid, {}),
             {rc: allocation_api.capacity(node, rc)
              for rc in allocation_api.RESOURCE_CLASSES})
            for node in nodes if node.host in services]
