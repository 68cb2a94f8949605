"""Counting what a project uses, for count-based quotas.

Nothing is reserved or tracked: usage is counted from the live rows when a
request is checked, as Nova does since Pike.
"""

import sqlalchemy as sa

from nova_lite.compute import vm_states
from nova_lite.db import api
from nova_lite.db import models


def instance_count_usage(project_id, user_id=None):
    """{'instances', 'cores', 'ram'} of the project's live instances.

    With ``user_id``, only that user's instances in the project. A
    soft-deleted instance (waiting for its reclaim) no longer counts, as in
    Nova. One query.
    """
    inst = models.Instance
    stmt = sa.select(sa.func.count(inst.id), sa.func.sum(inst.vcpus),
                     sa.func.sum(inst.memory_mb)).where(
        inst.project_id == project_id, inst.deleted == 0,
        sa.or_(inst.vm_state.is_(None), inst.vm_state != vm_states.SOFT_DELETED))
    if user_id is not None:
        stmt = stmt.where(inst.user_id == user_id)
    with api.reader() as session:
        instances, cores, ram = session.execute(stmt).one()
    return {'instances': int(instances or 0), 'cores': int(cores or 0),
            'ram': int(ram or 0)}
