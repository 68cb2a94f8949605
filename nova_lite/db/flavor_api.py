"""Query functions of flavors, their extra specs and project access.

Flavors are hard-deleted. Each flavor row comes back with its
``extra_specs`` and ``projects`` rows loaded (one IN query each for any
number of flavors).
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import orm

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

SORT_KEYS = ('flavorid', 'name', 'id', 'memory_mb', 'vcpus', 'root_gb',
             'ephemeral_gb', 'swap', 'rxtx_factor', 'created_at',
             'updated_at')


def _flavor_select():
    return sa.select(models.Flavor).options(
        orm.selectinload(models.Flavor.extra_specs),
        orm.selectinload(models.Flavor.projects))


def _get_one(where, not_found):
    with api.reader() as session:
        row = session.scalars(_flavor_select().where(where)).first()
    if row is None:
        raise not_found
    return row


def flavor_get(flavor_id):
    """The flavor of internal ``id``; FlavorNotFound if none."""
    return _get_one(models.Flavor.id == flavor_id,
                    exception.FlavorNotFound(flavor_id=flavor_id))


def flavor_get_by_flavor_id(flavorid):
    """The flavor of API id ``flavorid``; FlavorNotFound if none."""
    return _get_one(models.Flavor.flavorid == flavorid,
                    exception.FlavorNotFound(flavor_id=flavorid))


def flavor_get_by_name(name):
    """The flavor named ``name``; FlavorNotFoundByName if none."""
    return _get_one(models.Flavor.name == name,
                    exception.FlavorNotFoundByName(flavor_name=name))


def _visibility(is_public, project_id):
    flavor = models.Flavor
    if not is_public:
        return flavor.is_public == sa.false()
    clause = flavor.is_public == sa.true()
    if project_id is not None:
        access = sa.select(models.FlavorProjects.flavor_id).where(
            models.FlavorProjects.project_id == project_id)
        clause = sa.or_(clause, flavor.id.in_(access))
    return clause


def _filtered(filters, project_id):
    flavor = models.Flavor
    stmt = _flavor_select()
    filters = filters or {}
    if filters.get('is_public') is not None:
        stmt = stmt.where(_visibility(filters['is_public'], project_id))
    if filters.get('min_memory_mb') is not None:
        stmt = stmt.where(flavor.memory_mb >= filters['min_memory_mb'])
    if filters.get('min_root_gb') is not None:
        stmt = stmt.where(flavor.root_gb >= filters['min_root_gb'])
    if filters.get('disabled') is not None:
        stmt = stmt.where(flavor.disabled == filters['disabled'])
    return stmt


def flavor_get_all(filters=None, sort_key='flavorid', sort_dir='asc',
                   limit=None, marker=None, project_id=None):
    """Flavors matching ``filters``, sorted and paged by flavorid marker.

    ``filters``: ``is_public`` (None: all; True: public flavors and the
    private ones ``project_id`` was given access to; False: private only),
    ``min_memory_mb``, ``min_root_gb``, ``disabled``.
    """
    api.check_sort(sort_key, sort_dir, SORT_KEYS)
    stmt = _filtered(filters, project_id)
    with api.reader() as session:
        marker_row = None
        if marker is not None:
            marker_row = session.scalars(sa.select(models.Flavor).where(
                models.Flavor.flavorid == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        stmt = api.paginate(stmt, models.Flavor, [sort_key], sort_dir,
                            limit, marker_row)
        return list(session.scalars(stmt))


def _sync_extra_specs(session, flavor_id, extra_specs):
    spec = models.FlavorExtraSpecs
    current = {row.key: row for row in session.scalars(
        sa.select(spec).where(spec.flavor_id == flavor_id))}
    gone = [key for key in current if key not in extra_specs]
    if gone:
        session.execute(sa.delete(spec).where(
            spec.flavor_id == flavor_id, spec.key.in_(gone)))
    for key, value in extra_specs.items():
        if key in current:
            current[key].value = value
        else:
            session.add(spec(flavor_id=flavor_id, key=key, value=value))


def _sync_projects(session, flavor_id, projects):
    access = models.FlavorProjects
    current = set(session.scalars(sa.select(access.project_id).where(
        access.flavor_id == flavor_id)))
    gone = current - set(projects)
    if gone:
        session.execute(sa.delete(access).where(
            access.flavor_id == flavor_id, access.project_id.in_(gone)))
    for project_id in set(projects) - current:
        session.add(access(flavor_id=flavor_id, project_id=project_id))


def _flavor_conflict(err, values):
    if 'name' in (err.columns or ()):
        return exception.FlavorExists(name=values.get('name'))
    return exception.FlavorIdExists(flavor_id=values.get('flavorid'))


@api.retry_on_deadlock
def flavor_create(values, extra_specs=None, projects=None):
    """Insert a flavor with its extra specs and access list; return it."""
    row = models.Flavor()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
            session.flush()
            _sync_extra_specs(session, row.id, extra_specs or {})
            _sync_projects(session, row.id, projects or [])
            session.flush()
            return session.scalars(_flavor_select().where(
                models.Flavor.id == row.id).execution_options(
                    populate_existing=True)).one()
    except db_exc.DBDuplicateEntry as err:
        raise _flavor_conflict(err, values)


@api.retry_on_deadlock
def flavor_update(flavor_id, values, extra_specs=None, projects=None):
    """Update a flavor; ``extra_specs``/``projects`` replace the stored ones.

    None leaves them alone. Returns the flavor row, reloaded.
    """
    flavor = models.Flavor
    with api.writer() as session:
        if values:
            result = session.execute(sa.update(flavor).where(
                flavor.id == flavor_id).values(
                    api.prepare_values(values)).execution_options(
                        synchronize_session=False))
            found = result.rowcount
        else:
            found = session.execute(sa.select(flavor.id).where(
                flavor.id == flavor_id)).first() is not None
        if not found:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        if extra_specs is not None:
            _sync_extra_specs(session, flavor_id, extra_specs)
        if projects is not None:
            _sync_projects(session, flavor_id, projects)
        session.flush()
        return session.scalars(_flavor_select().where(
            flavor.id == flavor_id)).one()


@api.retry_on_deadlock
def flavor_destroy(flavor_id):
    """Delete a flavor with its extra specs and access list."""
    with api.writer() as session:
        for model in (models.FlavorExtraSpecs, models.FlavorProjects):
            session.execute(sa.delete(model).where(
                model.flavor_id == flavor_id))
        result = session.execute(sa.delete(models.Flavor).where(
            models.Flavor.id == flavor_id))
        if result.rowcount == 0:
            raise exception.FlavorNotFound(flavor_id=flavor_id)


@api.retry_on_deadlock
def flavor_add_project(flavor_id, project_id, flavorid=None):
    """Give ``project_id`` access to a flavor; FlavorAccessExists if it has."""
    try:
        with api.writer() as session:
            session.add(models.FlavorProjects(flavor_id=flavor_id,
                                              project_id=project_id))
    except db_exc.DBDuplicateEntry:
        raise exception.FlavorAccessExists(flavor_id=flavorid or flavor_id,
                                           project_id=project_id)
    except db_exc.DBReferenceError:
        raise exception.FlavorNotFound(flavor_id=flavorid or flavor_id)


@api.retry_on_deadlock
def flavor_remove_project(flavor_id, project_id, flavorid=None):
    """Take a project's access away; FlavorAccessNotFound if it had none."""
    access = models.FlavorProjects
    with api.writer() as session:
        result = session.execute(sa.delete(access).where(
            access.flavor_id == flavor_id, access.project_id == project_id))
    if result.rowcount == 0:
        raise exception.FlavorAccessNotFound(
            flavor_id=flavorid or flavor_id, project_id=project_id)
