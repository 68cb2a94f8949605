"""Quotas: counting what a project uses, and its own limits.

Nothing is reserved or tracked: usage is counted from the live rows when a
request is checked, as Nova does since Pike. A project's own limits are
rows of ``quotas`` (one per resource); a resource without a row has the
``[quota]`` default.
"""

import sqlalchemy as sa

from nova_lite.compute import vm_states
from nova_lite.db import api
from nova_lite.db import models


def _instance_usage(session, project_id, user_id=None):
    inst = models.Instance
    stmt = sa.select(sa.func.count(inst.id), sa.func.sum(inst.vcpus),
                     sa.func.sum(inst.memory_mb)).where(
        inst.project_id == project_id, inst.deleted == 0,
        sa.or_(inst.vm_state.is_(None), inst.vm_state != vm_states.SOFT_DELETED))
    if user_id is not None:
        stmt = stmt.where(inst.user_id == user_id)
    instances, cores, ram = session.execute(stmt).one()
    return {'instances': int(instances or 0), 'cores': int(cores or 0),
            'ram': int(ram or 0)}


def instance_count_usage(project_id, user_id=None):
    """{'instances', 'cores', 'ram'} of the project's live instances.

    With ``user_id``, only that user's instances in the project. A
    soft-deleted instance (waiting for its reclaim) no longer counts, as in
    Nova. One query.
    """
    with api.reader() as session:
        return _instance_usage(session, project_id, user_id)


def build_usage(project_id, group_uuid=None, session=None):
    """What a boot is checked against: {'instances', 'cores', 'ram'} of
    the project and, with ``group_uuid``, ``server_group_members`` (the
    group's live members). In ``session`` (the boot's own transaction,
    which sees its new rows) or in a new one."""
    if session is None:
        with api.reader() as session:
            return build_usage(project_id, group_uuid, session)
    usages = _instance_usage(session, project_id)
    if group_uuid is not None:
        member = models.InstanceGroupMember
        group = models.InstanceGroup
        inst = models.Instance
        usages['server_group_members'] = session.execute(
            sa.select(sa.func.count(member.id)).join(
                group, group.id == member.group_id).join(
                inst, sa.and_(inst.uuid == member.instance_uuid,
                              inst.deleted == 0)).where(
                group.uuid == group_uuid)).scalar()
    return usages


def quota_get_all_by_project(project_id):
    """{resource: hard_limit} the project set for itself."""
    quota = models.Quota
    with api.reader() as session:
        return {resource: limit for resource, limit in session.execute(
            sa.select(quota.resource, quota.hard_limit).where(
                quota.project_id == project_id))}


@api.retry_on_deadlock
def quota_update(project_id, limits):
    """Set the project's own limits ({resource: hard_limit}), in one
    transaction (rows are updated or inserted)."""
    quota = models.Quota
    with api.writer() as session:
        rows = {row.resource: row for row in session.scalars(
            sa.select(quota).where(quota.project_id == project_id,
                                   quota.resource.in_(list(limits))))}
        for resource, limit in sorted(limits.items()):
            if resource in rows:
                rows[resource].hard_limit = int(limit)
            else:
                session.add(quota(project_id=project_id, resource=resource,
                                  hard_limit=int(limit)))


@api.retry_on_deadlock
def quota_destroy_all_by_project(project_id):
    """Delete the project's own limits; return how many rows went."""
    quota = models.Quota
    with api.writer() as session:
        return session.execute(sa.delete(quota).where(
            quota.project_id == project_id)).rowcount
