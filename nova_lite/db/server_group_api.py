"""Query functions of server groups (instance_groups, instance_group_member).

Groups and their member rows are hard-deleted. A group's ``members`` are its
member instances that are still live (a deleted instance drops out at once,
whether or not its member row is gone yet), and its ``hosts`` are where those
members are: the host an instance was assigned, or the host of a node a
member holds an allocation on (between the claim and the host being
recorded, the allocation is the only trace).

Hard policies are enforced again where the decision becomes final: the claim
calls :func:`check_claim` in its own transaction, after locking the group's
row, so two boots racing into one group see each other's claims.
"""

from oslo_db import exception as db_exc
from oslo_serialization import jsonutils
import sqlalchemy as sa

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

# Policies the claim enforces; the soft ones only weigh hosts.
HARD_POLICIES = ('affinity', 'anti-affinity')

_GROUP_COLUMNS = ('id', 'uuid', 'name', 'project_id', 'user_id', 'policy',
                  'created_at', 'updated_at')


def _group_dict(row, members=None, per_host=None):
    """The group's columns, ``members`` and, given ``per_host`` ({host:
    members on it}), ``hosts`` and ``members_per_host``."""
    values = {name: getattr(row, name) for name in _GROUP_COLUMNS}
    values['rules'] = jsonutils.loads(row.rules) if row.rules else {}
    values['members'] = list(members or [])
    if per_host is not None:
        values['hosts'] = sorted(per_host)
        values['members_per_host'] = dict(per_host)
    return values


def _live_members(session, group_ids):
    """{group id: [uuids of its live member instances]} in one query."""
    found = {group_id: [] for group_id in group_ids}
    if not group_ids:
        return found
    member = models.InstanceGroupMember
    inst = models.Instance
    stmt = sa.select(member.group_id, member.instance_uuid).join(
        inst, sa.and_(inst.uuid == member.instance_uuid,
                      inst.deleted == 0)).where(
        member.group_id.in_(group_ids)).order_by(member.id)
    for group_id, uuid in session.execute(stmt):
        found[group_id].append(uuid)
    return found


def _member_hosts(session, group_id, exclude=None):
    """{member uuid: set of hosts} of the group's live members.

    A member is on the host it was given and on the host of every node it
    holds an allocation on (a claim not yet recorded on the instance, or a
    resize holding two nodes). Two queries.
    """
    member = models.InstanceGroupMember
    inst = models.Instance
    alloc = models.Allocation
    node = models.ComputeNode
    live = sa.select(member.instance_uuid).join(
        inst, sa.and_(inst.uuid == member.instance_uuid,
                      inst.deleted == 0)).where(member.group_id == group_id)
    if exclude is not None:
        live = live.where(member.instance_uuid != exclude)
    found = {}
    for uuid, host in session.execute(
            sa.select(inst.uuid, inst.host).where(
                inst.uuid.in_(live), inst.deleted == 0,
                inst.host.is_not(None))):
        found.setdefault(uuid, set()).add(host)
    for uuid, host in session.execute(
            sa.select(alloc.consumer_id, node.host).distinct().join(
                node, node.uuid == alloc.resource_provider_uuid).where(
                alloc.consumer_id.in_(live))):
        found.setdefault(uuid, set()).add(host)
    return found


def _per_host(session, group_id):
    """{host: how many live members are on it}."""
    counts = {}
    for member_hosts in _member_hosts(session, group_id).values():
        for host in member_hosts:
            counts[host] = counts.get(host, 0) + 1
    return counts


def _get_row(session, group_uuid, for_update=False):
    group = models.InstanceGroup
    stmt = sa.select(group).where(group.uuid == group_uuid)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    return row


def instance_group_get_by_uuid(group_uuid):
    """The group as a dict, with its live ``members`` and their ``hosts``;
    InstanceGroupNotFound if there is none."""
    with api.reader() as session:
        row = _get_row(session, group_uuid)
        members = _live_members(session, [row.id])[row.id]
        return _group_dict(row, members, _per_host(session, row.id))


def instance_group_get_by_instance_uuid(instance_uuid):
    """The group the instance is a member of (with members and hosts);
    InstanceGroupNotFound if it is in none."""
    member = models.InstanceGroupMember
    with api.reader() as session:
        group_id = session.execute(sa.select(member.group_id).where(
            member.instance_uuid == instance_uuid).order_by(
                member.id)).scalar()
        if group_id is None:
            raise exception.InstanceGroupNotFound(group_uuid='')
        row = session.get(models.InstanceGroup, group_id)
        members = _live_members(session, [row.id])[row.id]
        return _group_dict(row, members, _per_host(session, row.id))


def instance_group_get_all(project_id=None, limit=None, offset=None):
    """Groups (of one project, or all) oldest first, with their live
    members; ``offset`` groups skipped, at most ``limit``. Two queries."""
    group = models.InstanceGroup
    stmt = sa.select(group).order_by(group.id)
    if project_id is not None:
        stmt = stmt.where(group.project_id == project_id)
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with api.reader() as session:
        rows = list(session.scalars(stmt))
        members = _live_members(session, [row.id for row in rows])
        return [_group_dict(row, members[row.id]) for row in rows]


def instance_group_count_by_project(project_id):
    with api.reader() as session:
        return _count_groups(session, project_id)


def _count_groups(session, project_id):
    group = models.InstanceGroup
    return session.execute(sa.select(sa.func.count(group.id)).where(
        group.project_id == project_id)).scalar()


def instance_group_member_count(group_uuid):
    """How many live members the group has (0 for an unknown group)."""
    with api.reader() as session:
        row = session.scalars(sa.select(models.InstanceGroup).where(
            models.InstanceGroup.uuid == group_uuid)).first()
        if row is None:
            return 0
        return len(_live_members(session, [row.id])[row.id])


@api.retry_on_deadlock
def instance_group_create(values, limit=None):
    """Insert a group; return it as a dict (no members).

    ``limit``: the most groups its project may have (None or < 0: no
    limit), checked in the same transaction after the insert, so this
    create either fits or leaves nothing (ServerGroupLimitExceeded).
    InstanceGroupIdExists if the uuid is taken.
    """
    values = api.prepare_values(dict(values))
    values.pop('members', None)
    values.pop('hosts', None)
    values['rules'] = jsonutils.dumps(values.get('rules') or {})
    row = models.InstanceGroup(**values)
    try:
        with api.writer() as session:
            session.add(row)
            session.flush()
            if limit is not None and 0 <= limit < _count_groups(
                    session, row.project_id):
                raise exception.ServerGroupLimitExceeded()
            return _group_dict(row, [])
    except db_exc.DBDuplicateEntry:
        raise exception.InstanceGroupIdExists(group_uuid=values.get('uuid'))


@api.retry_on_deadlock
def instance_group_destroy(group_uuid):
    """Delete the group and its member rows; InstanceGroupNotFound if none."""
    member = models.InstanceGroupMember
    with api.writer() as session:
        row = _get_row(session, group_uuid)
        session.execute(sa.delete(member).where(member.group_id == row.id))
        session.execute(sa.delete(models.InstanceGroup).where(
            models.InstanceGroup.id == row.id))


def add_members(session, group_uuid, instance_uuids):
    """Make the instances members of the group, in the caller's
    transaction; return the uuids newly added (members already are kept)."""
    member = models.InstanceGroupMember
    row = _get_row(session, group_uuid)
    existing = set(session.scalars(sa.select(member.instance_uuid).where(
        member.group_id == row.id, member.instance_uuid.in_(
            list(instance_uuids)))))
    added = [uuid for uuid in dict.fromkeys(instance_uuids)
             if uuid not in existing]
    session.add_all([member(group_id=row.id, instance_uuid=uuid)
                     for uuid in added])
    session.flush()
    return added


@api.retry_on_deadlock
def instance_group_add_members(group_uuid, instance_uuids):
    with api.writer() as session:
        return add_members(session, group_uuid, instance_uuids)


def remove_instance(session, instance_uuid):
    """Drop the instance from every group, in the caller's transaction."""
    member = models.InstanceGroupMember
    return session.execute(sa.delete(member).where(
        member.instance_uuid == instance_uuid)).rowcount


def hard_group_of(instance_uuid):
    """The uuid of the affinity or anti-affinity group the instance is a
    member of, or None (one query, in a transaction of its own)."""
    member = models.InstanceGroupMember
    group = models.InstanceGroup
    with api.reader() as session:
        return session.execute(sa.select(group.uuid).join(
            member, member.group_id == group.id).where(
            member.instance_uuid == instance_uuid,
            group.policy.in_(HARD_POLICIES))).scalar()


def check_claim(session, group_uuid, consumer_id, node_uuid):
    """Refuse a claim of ``consumer_id`` on ``node_uuid`` that breaks the
    group's hard policy (GroupAffinityViolation); a soft or unknown policy
    passes. Must be the first statement of the claim's transaction: the
    group's row is locked, so concurrent claims into one group run one
    after the other and each reads the members the previous one placed.
    """
    row = _get_row(session, group_uuid, for_update=True)
    if row.policy not in HARD_POLICIES:
        return
    host = session.execute(sa.select(models.ComputeNode.host).where(
        models.ComputeNode.uuid == node_uuid)).scalar()
    others = _member_hosts(session, row.id, exclude=consumer_id)
    if row.policy == 'affinity':
        placed = set().union(*others.values()) if others else set()
        if placed and placed != {host}:
            raise exception.GroupAffinityViolation(policy='Affinity')
        return
    rules = jsonutils.loads(row.rules) if row.rules else {}
    most = int(rules.get('max_server_per_host') or 1)
    on_host = sum(1 for hosts in others.values() if host in hosts)
    if on_host >= most:
        raise exception.GroupAffinityViolation(policy='Anti-affinity')
