"""Quotas: count-based limits, checked in the conductor in one round trip.

A project's limit of a resource is its own row in the ``quotas`` table
(set with ``os-quota-sets``) or else the ``[quota]`` default; -1 is
unlimited. Usage is counted from the rows when a request is checked: live
instances (and their vCPUs and RAM) and server groups of the project, key
pairs of the user, live members of a server group. Nothing is reserved:
creates count again in the conductor when they write (see
``InstanceList.create_for_build`` and ``InstanceGroup.create``), under a
per-project lock of that conductor and, against other conductors, once more
after their commit, as Nova's recheck does.
"""

import collections
import contextlib
import threading

from oslo_config import cfg

from nova_lite import db as db_pkg
from nova_lite import exception
from nova_lite.objects import base

# The options are registered by nova_lite.conf, which every binary imports
# at start; importing it here would load oslo.db into every process.
CONF = cfg.CONF
db = db_pkg.lazy('quota_api')
keypair_db = db_pkg.lazy('keypair_api')
group_db = db_pkg.lazy('server_group_api')
instance_db = db_pkg.lazy('instance_api')

# Counted from the project's live instances, in one query.
INSTANCE_RESOURCES = ('instances', 'cores', 'ram')
# Limits on a single request (no usage to add).
ABSOLUTE_RESOURCES = ('metadata_items',)
# Counted per user.
USER_RESOURCES = ('key_pairs',)
# Counted per project (server groups) and per group (their members).
GROUP_RESOURCES = ('server_groups', 'server_group_members')
RESOURCES = (INSTANCE_RESOURCES + ABSOLUTE_RESOURCES + USER_RESOURCES +
             GROUP_RESOURCES)

# Resources of Nova's API that nova_lite does not count (networks are not
# ours, injected files are refused): their Nova defaults, shown by the
# microversions that still show them; a project may store its own.
LEGACY_DEFAULTS = {
    'fixed_ips': -1, 'floating_ips': 10, 'security_groups': 10,
    'security_group_rules': 20, 'injected_files': 5,
    'injected_file_content_bytes': 10240, 'injected_file_path_bytes': 255,
}

_LOCKS_GUARD = threading.Lock()
_PROJECT_LOCKS = collections.defaultdict(threading.Lock)


@contextlib.contextmanager
def project_lock(project_id):
    """Serialize this process's quota-counted creates of one project.

    Within one conductor a create counts with every earlier create of the
    project committed, so the count is exact; across conductors the
    recheck after the commit keeps the limit.
    """
    with _LOCKS_GUARD:
        lock = _PROJECT_LOCKS[project_id]
    with lock:
        yield


def default_limits():
    """{resource: limit} of ``[quota]`` (and Nova's legacy defaults)."""
    limits = dict(LEGACY_DEFAULTS)
    limits.update((name, getattr(CONF.quota, name)) for name in RESOURCES)
    return limits


def project_limits(project_id):
    """The project's limits: its stored ones over the defaults (DB)."""
    limits = default_limits()
    limits.update(db.quota_get_all_by_project(project_id))
    return limits


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


def check_instances(project_id, adding=None):
    """Raise OverQuota if the project's live instances (plus ``adding``:
    {'instances', 'cores', 'ram'}) are over its limits (DB)."""
    deltas = dict.fromkeys(INSTANCE_RESOURCES, 0)
    deltas.update(adding or {})
    over = _over_quota(deltas, db.instance_count_usage(project_id),
                       project_limits(project_id))
    if over is not None:
        raise over


def _check_build(deltas, usages, limits, group_uuid):
    """Raise if ``usages`` (counted with the boot's ``deltas`` in) are
    over ``limits``: OverQuota worded for the boot (its request, and what
    was used without it), ServerGroupMembersLimitExceeded."""
    before = {name: usages[name] - deltas[name] for name in deltas}
    over = _over_quota(deltas, before, limits)
    if over is not None:
        raise over
    if group_uuid is not None and 0 <= limits['server_group_members'] < (
            usages['server_group_members']):
        raise exception.ServerGroupMembersLimitExceeded()


def create_within_quota(values, spec_jsons, action, group_uuid=None):
    """Create the instances of a boot (``instance_api``'s
    ``instance_create_for_build``) only if they fit the project's quota and
    their group's member quota (DB; runs in the conductor).

    Under this conductor's lock of the project, the usage is counted in
    the create's own transaction, with the new rows in: over the limit, the
    transaction is rolled back and nothing is left. Another conductor may
    have committed meanwhile, so once committed the usage is counted again
    (Nova's recheck): over the limit, the new instances are removed (no
    build was sent yet) and the same errors are raised.
    """
    project_id = action['project_id']
    deltas = {'instances': len(values),
              'cores': sum(v.get('vcpus') or 0 for v in values),
              'ram': sum(v.get('memory_mb') or 0 for v in values)}
    limits = project_limits(project_id)

    def check(session):
        _check_build(deltas, db.build_usage(project_id, group_uuid, session),
                     limits, group_uuid)

    with project_lock(project_id):
        created = instance_db.instance_create_for_build(
            values, spec_jsons, action, group_uuid=group_uuid, check=check)
    try:
        _check_build(deltas, db.build_usage(project_id, group_uuid), limits,
                     group_uuid)
    except exception.Forbidden:
        instance_db.instance_purge_unbuilt([inst['uuid']
                                            for inst in created])
        raise
    return created


def _usages(context, project_id, names, group_uuid=None, user_id=None):
    usages = {}
    if set(names) & set(INSTANCE_RESOURCES):
        usages.update(db.instance_count_usage(project_id))
    if 'key_pairs' in names:
        usages['key_pairs'] = keypair_db.key_pair_count_by_user(
            user_id or context.user_id)
    if 'server_groups' in names:
        usages['server_groups'] = group_db.instance_group_count_by_project(
            project_id)
    if 'server_group_members' in names:
        usages['server_group_members'] = (
            group_db.instance_group_member_count(group_uuid)
            if group_uuid else 0)
    return usages


@base.NovaLiteObjectRegistry.register
class Quotas(base.NovaLiteObject):
    """Quota checks, counts and per-project limits (no stored state:
    every method is a class method)."""

    # Version 1.0: Initial version
    # Version 1.1: check_deltas() takes group_uuid; added
    #              get_project_limits(), get_project_usage(),
    #              update_limits(), destroy_all_by_project()
    VERSION = '1.1'

    fields = {}

    @staticmethod
    def get_limits():
        """{resource: limit} of ``[quota]`` of this process; -1: none.

        The defaults; a project's own limits are ``get_project_limits``.
        """
        return {name: getattr(CONF.quota, name) for name in RESOURCES}

    @classmethod
    @base.remotable
    def get_project_limits(cls, context, project_id):
        """{resource: limit} of the project: stored over defaults."""
        return project_limits(project_id)

    @classmethod
    @base.remotable
    def count_usage(cls, context, project_id, user_id=None):
        """{'instances', 'cores', 'ram'} the project's live instances use.

        With ``user_id``, those of that user in the project. One query.
        """
        return db.instance_count_usage(project_id, user_id=user_id)

    @classmethod
    @base.remotable
    def get_project_usage(cls, context, project_id, user_id=None):
        """{'limits': {...}, 'usages': {...}} of the project, one trip.

        Usages: instances, cores, ram, server_groups, and key_pairs of
        ``user_id`` (default: the caller).
        """
        names = INSTANCE_RESOURCES + ('server_groups', 'key_pairs')
        usages = _usages(context, project_id, names, user_id=user_id)
        return {'limits': project_limits(project_id), 'usages': usages}

    @classmethod
    @base.remotable
    def update_limits(cls, context, project_id, limits, force=False):
        """Store the project's own ``limits`` ({resource: int}).

        Without ``force``, a limit (other than -1) below what the project
        already uses (instances, cores, ram, server groups: what is counted
        per project) is refused with QuotaLimitBelowUsage (400) and nothing
        is stored. Returns the project's limits afterwards.
        """
        unknown = sorted(set(limits) - set(RESOURCES) -
                         set(LEGACY_DEFAULTS))
        if unknown:
            raise exception.QuotaResourceUnknown(unknown=', '.join(unknown))
        if not force:
            counted = [name for name in limits
                       if name in INSTANCE_RESOURCES + ('server_groups',)]
            usages = _usages(context, project_id, counted)
            for name in sorted(counted):
                used = usages.get(name, 0)
                if limits[name] != -1 and limits[name] < used:
                    raise exception.QuotaLimitBelowUsage(
                        limit=limits[name], resource=name, minimum=used)
        db.quota_update(project_id, limits)
        return project_limits(project_id)

    @classmethod
    @base.remotable
    def destroy_all_by_project(cls, context, project_id):
        """Forget the project's own limits: the defaults apply again."""
        return db.quota_destroy_all_by_project(project_id)

    @classmethod
    @base.remotable
    def check_deltas(cls, context, project_id, deltas, group_uuid=None):
        """Refuse ``deltas`` ({resource: amount}) that go over a limit.

        Counts the usage and compares it with the project's limits in the
        conductor, in one round trip. ``instances``, ``cores`` and ``ram``
        are counted from the project's live instances, ``key_pairs`` from
        the context's user, ``server_groups`` from the project's groups,
        ``server_group_members`` from the live members of ``group_uuid``,
        and ``metadata_items`` is the size of one request. A zero delta
        checks that usage is not already over the limit (Nova's recheck).
        Raises OverQuota (403) naming every resource over its limit, with
        Nova's message ("Quota exceeded for cores, ram: Requested 4, 2048,
        but already used 18, 50176 of 20, 51200 cores, ram");
        QuotaResourceUnknown (404) for a resource it cannot count.
        """
        unknown = sorted(set(deltas) - set(RESOURCES))
        if unknown:
            raise exception.QuotaResourceUnknown(unknown=', '.join(unknown))
        usages = _usages(context, project_id, list(deltas),
                         group_uuid=group_uuid)
        over = _over_quota(deltas, usages, project_limits(project_id))
        if over is not None:
            raise over
