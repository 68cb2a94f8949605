"""Allocations: the resources each instance holds on a compute node.

Each compute node is its own resource provider (its uuid). Its inventory is
read from its ``compute_nodes`` row; its usage is the sum of its allocation
rows. A claim checks capacity and writes the rows in one transaction, then
bumps the node's ``generation`` with a compare-and-swap: when two claims
race on one node, the second one's swap matches no row, its transaction
rolls back and it starts over with fresh usage. Two schedulers therefore
never overcommit a node, whatever the database's isolation level.
"""

import math
import random
import time

import sqlalchemy as sa

from nova_lite.db import api
from nova_lite.db import models
from nova_lite.db import server_group_api
from nova_lite import exception

RESOURCE_CLASSES = ('VCPU', 'MEMORY_MB', 'DISK_GB')

# How many times a claim starts over after losing a race on the generation.
CLAIM_ATTEMPTS = 10


class _GenerationConflict(Exception):
    """Another claim changed the node between our read and our write."""


def capacity(node, resource_class):
    """How much of ``resource_class`` the node can hand out in total.

    (total - reserved) * allocation ratio, as placement computes it; an
    unset (None or 0.0) ratio counts as 1.0. Reserved disk is configured in
    MB and rounded up to whole GB.
    """
    if resource_class == 'VCPU':
        total, reserved = node.vcpus, node.reserved_host_cpus
        ratio = node.cpu_allocation_ratio
    elif resource_class == 'MEMORY_MB':
        total, reserved = node.memory_mb, node.reserved_host_memory_mb
        ratio = node.ram_allocation_ratio
    else:
        total = node.local_gb
        reserved = math.ceil((node.reserved_host_disk_mb or 0) / 1024)
        ratio = node.disk_allocation_ratio
    return int(((total or 0) - (reserved or 0)) * (ratio or 1.0))


def _check_resources(resources):
    for rc, amount in resources.items():
        if rc not in RESOURCE_CLASSES:
            raise exception.InvalidInput(
                reason='unknown resource class %s' % rc)
        if not isinstance(amount, int) or amount < 0:
            raise exception.InvalidInput(
                reason='%s amount must be a non-negative integer' % rc)


def _usage(session, node_uuid, exclude_consumer=None):
    alloc = models.Allocation
    stmt = sa.select(alloc.resource_class, sa.func.sum(alloc.used)).where(
        alloc.resource_provider_uuid == node_uuid)
    if exclude_consumer is not None:
        stmt = stmt.where(alloc.consumer_id != exclude_consumer)
    stmt = stmt.group_by(alloc.resource_class)
    return {rc: int(used) for rc, used in session.execute(stmt)}


def _replace_consumer_rows(session, node_uuid, consumer_id, project_id,
                           user_id, resources):
    """Drop the consumer's old allocations; insert the new ones."""
    alloc = models.Allocation
    old_ids = list(session.scalars(sa.select(alloc.id).where(
        alloc.consumer_id == consumer_id)))
    if old_ids:
        # By primary key: no gap locks on MySQL, so no needless deadlocks.
        session.execute(sa.delete(alloc).where(alloc.id.in_(old_ids)))
    rows = [alloc(resource_provider_uuid=node_uuid, consumer_id=consumer_id,
                  resource_class=rc, used=amount, project_id=project_id,
                  user_id=user_id)
            for rc, amount in sorted(resources.items()) if amount]
    session.add_all(rows)
    session.flush()
    return rows


@api.retry_on_deadlock
def _claim_once(node_uuid, consumer_id, project_id, user_id, resources,
                group_uuid=None):
    node_model = models.ComputeNode
    with api.writer() as session:
        if group_uuid is not None:
            # First: it locks the group, then reads its members' hosts.
            server_group_api.check_claim(session, group_uuid, consumer_id,
                                         node_uuid)
        node = session.execute(sa.select(node_model).where(
            node_model.uuid == node_uuid,
            node_model.deleted == 0)).scalar_one_or_none()
        if node is None:
            raise exception.ComputeNodeNotFound(node=node_uuid)
        generation = node.generation
        used = _usage(session, node_uuid, exclude_consumer=consumer_id)
        for rc, amount in sorted(resources.items()):
            free = capacity(node, rc) - used.get(rc, 0)
            if amount > free:
                raise exception.ResourceClaimFailed(
                    requested=amount, resource_class=rc, node=node_uuid,
                    free=max(free, 0))
        rows = _replace_consumer_rows(session, node_uuid, consumer_id,
                                      project_id, user_id, resources)
        bumped = session.execute(sa.update(node_model).where(
            node_model.uuid == node_uuid,
            node_model.generation == generation).values(
                generation=generation + 1).execution_options(
                    synchronize_session=False)).rowcount
        if not bumped:
            raise _GenerationConflict()
    return rows


def allocation_claim(compute_node_uuid, consumer_id, project_id, user_id,
                     resources):
    """Atomically allocate ``resources`` ({class: amount}) on a node.

    Replaces any allocations the consumer already holds. Raises
    ResourceClaimFailed (409) naming the first resource class that does not
    fit and how much of it is left, ComputeNodeNotFound for an unknown node,
    and ConcurrentUpdateDetected when it lost the race on the node
    CLAIM_ATTEMPTS times in a row. When the consumer is a member of an
    affinity or anti-affinity server group, the claim also refuses a node
    whose host would break that policy (GroupAffinityViolation, 409),
    checked in the claim's transaction with the group locked. Returns the
    new allocation rows.
    """
    _check_resources(resources)
    group_uuid = server_group_api.hard_group_of(consumer_id)
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            return _claim_once(compute_node_uuid, consumer_id, project_id,
                               user_id, resources, group_uuid)
        except _GenerationConflict:
            # Someone else claimed on this node meanwhile: start again from
            # fresh usage, after a short random pause to spread the herd.
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
    raise exception.ConcurrentUpdateDetected(
        what='the allocations of compute node %s' % compute_node_uuid)


def allocation_get_all_by_consumer(consumer_id):
    alloc = models.Allocation
    with api.reader() as session:
        return list(session.scalars(sa.select(alloc).where(
            alloc.consumer_id == consumer_id).order_by(alloc.id)))


def release(session, consumer_id):
    """Delete the consumer's allocations in the caller's transaction.

    Returns how many rows went.
    """
    alloc = models.Allocation
    return session.execute(sa.delete(alloc).where(
        alloc.consumer_id == consumer_id)).rowcount


@api.retry_on_deadlock
def allocation_delete_by_consumer(consumer_id):
    """Delete the consumer's allocations; return how many rows went.

    Of several callers releasing the same consumer, exactly one sees a
    non-zero count.
    """
    with api.writer() as session:
        return release(session, consumer_id)


def move(session, from_consumer, to_consumer):
    """Give ``from_consumer``'s allocations to ``to_consumer``, in the
    caller's transaction.

    What ``to_consumer`` held before is dropped. When ``from_consumer``
    holds nothing (it was moved or released already) nothing changes, so a
    move done twice moves once. Returns how many rows changed consumer.
    """
    alloc = models.Allocation
    ids = list(session.scalars(sa.select(alloc.id).where(
        alloc.consumer_id == from_consumer)))
    if not ids:
        return 0
    # By primary key, as in _replace_consumer_rows: no gap locks on MySQL.
    old_ids = list(session.scalars(sa.select(alloc.id).where(
        alloc.consumer_id == to_consumer)))
    if old_ids:
        session.execute(sa.delete(alloc).where(alloc.id.in_(old_ids)))
    return session.execute(sa.update(alloc).where(alloc.id.in_(ids)).values(
        consumer_id=to_consumer,
        updated_at=api.utcnow()).execution_options(
            synchronize_session=False)).rowcount


@api.retry_on_deadlock
def allocation_move(from_consumer, to_consumer):
    """Move every allocation of ``from_consumer`` to ``to_consumer`` at once.

    One transaction: ``to_consumer``'s own allocations are dropped and
    ``from_consumer``'s become its own, on the same nodes and amounts (a
    resize hands the instance's source allocation to its migration, and a
    revert hands it back in place of the destination's). Usage of no node
    grows, so no node generation changes. Exactly once: when
    ``from_consumer`` holds nothing, nothing changes and 0 is returned;
    otherwise the number of rows moved.
    """
    with api.writer() as session:
        return move(session, from_consumer, to_consumer)


def usages(session, compute_node_uuid=None):
    """{node uuid: {resource class: used}} in one query of ``session``."""
    alloc = models.Allocation
    stmt = sa.select(alloc.resource_provider_uuid, alloc.resource_class,
                     sa.func.sum(alloc.used))
    if compute_node_uuid is not None:
        stmt = stmt.where(alloc.resource_provider_uuid == compute_node_uuid)
    stmt = stmt.group_by(alloc.resource_provider_uuid, alloc.resource_class)
    found = {}
    for node_uuid, rc, used in session.execute(stmt):
        found.setdefault(node_uuid, {})[rc] = int(used)
    return found


def allocation_usages(compute_node_uuid=None):
    """{node uuid: {resource class: used}} of one node or all, one query."""
    with api.reader() as session:
        return usages(session, compute_node_uuid)
