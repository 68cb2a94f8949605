"""Quotas: count-based limits, checked in the conductor in one round trip.

Limits come from ``[quota]`` (the same for every project; -1 is unlimited).
Usage is counted from the rows when a request is checked: live instances
(and their vCPUs and RAM) of the project, key pairs of the user. Nothing is
reserved, so two concurrent requests may both pass; as in Nova, a caller
that must be strict checks again after creating (a zero delta then checks
that the project is not over).
"""

from oslo_config import cfg

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base

# The options are registered by nova_lite.conf, which every binary imports
# at start; importing it here would load oslo.db into every process.
CONF = cfg.CONF
db = db_pkg.lazy('quota_api')
keypair_db = db_pkg.lazy('keypair_api')

# Counted from the project's live instances, in one query.
INSTANCE_RESOURCES = ('instances', 'cores', 'ram')
# Limits on a single request (no usage to add).
ABSOLUTE_RESOURCES = ('metadata_items',)
# Counted per user.
USER_RESOURCES = ('key_pairs',)
RESOURCES = INSTANCE_RESOURCES + ABSOLUTE_RESOURCES + USER_RESOURCES + (
    'server_groups', 'server_group_members')


def _over_quota(deltas, usages, limits):
    """OverQuota for the resources ``deltas`` would take over, or None."""
    overs = sorted(
        name for name, delta in deltas.items()
        if 0 <= limits[name] < usages.get(name, 0) + delta)
    if not overs:
        return None

    def joined(values):
        return ', '.join(str(value) for value in values)

    return exception.OverQuota(
        overs=joined(overs), req=joined(deltas[r] for r in overs),
        used=joined(usages.get(r, 0) for r in overs),
        allowed=joined(limits[r] for r in overs),
        quotas={r: limits[r] for r in deltas},
        usages={r: usages.get(r, 0) for r in deltas}, deltas=dict(deltas))


@base.NovaLiteObjectRegistry.register
class Quotas(base.NovaLiteObject):
    """Quota checks and counts (no stored state: every method is a class
    method)."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {}

    @staticmethod
    def get_limits():
        """{resource: limit} from ``[quota]`` of this process; -1: none."""
        return {name: getattr(CONF.quota, name) for name in RESOURCES}

    @classmethod
    @base.remotable
    def count_usage(cls, context, project_id, user_id=None):
        """{'instances', 'cores', 'ram'} the project's live instances use.

        With ``user_id``, those of that user in the project. One query.
        """
        return db.instance_count_usage(project_id, user_id=user_id)

    @classmethod
    @base.remotable
    def check_deltas(cls, context, project_id, deltas):
        """Refuse ``deltas`` ({resource: amount}) that go over a limit.

        Counts the usage and compares it with ``[quota]`` in the conductor,
        in one round trip. ``instances``, ``cores`` and ``ram`` are counted
        from the project's live instances, ``key_pairs`` from the context's
        user, and ``metadata_items`` is the size of one request. A zero
        delta checks that usage is not already over the limit (Nova's
        recheck). Raises OverQuota (403) naming every resource over its
        limit, with Nova's message ("Quota exceeded for cores, ram:
        Requested 4, 2048, but already used 18, 50176 of 20, 51200 cores,
        ram"); QuotaResourceUnknown (404) for a resource it cannot count.
        """
        unknown = sorted(set(deltas) - set(INSTANCE_RESOURCES +
                                           ABSOLUTE_RESOURCES +
                                           USER_RESOURCES))
        if unknown:
            raise exception.QuotaResourceUnknown(unknown=', '.join(unknown))
        usages = {}
        if set(deltas) & set(INSTANCE_RESOURCES):
            usages.update(db.instance_count_usage(project_id))
        if 'key_pairs' in deltas:
            usages['key_pairs'] = keypair_db.key_pair_count_by_user(
                context.user_id)
        over = _over_quota(deltas, usages, cls.get_limits())
        if over is not None:
            raise over
