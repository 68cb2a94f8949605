"""Query functions of images, their properties and tags (Glance v2 subset).

Images are hard-deleted. Each image row comes back with its ``properties``
and ``tags`` rows loaded (one IN query each, whatever the number of images).

Who sees what, as Glance decides it: an admin sees every image; anyone else
sees public images and the images their project owns and, when asked by id
(or with the ``community`` visibility filter), community images too.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import orm

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception

FILTERS = ('name', 'status', 'visibility', 'owner')
SORT_KEYS = ('created_at', 'updated_at', 'name', 'status', 'id', 'size',
             'disk_format', 'container_format', 'min_disk', 'min_ram')
VISIBILITIES = ('public', 'private', 'shared', 'community')


def _image_select():
    return sa.select(models.Image).options(
        orm.selectinload(models.Image.properties),
        orm.selectinload(models.Image.tags))


def _readable(project_id, is_admin, community=False):
    """The images a project may read (all of them for an admin)."""
    image = models.Image
    if is_admin:
        return sa.true()
    clauses = [image.visibility == 'public']
    if community:
        clauses.append(image.visibility == 'community')
    if project_id is not None:
        clauses.append(image.owner == project_id)
    return sa.or_(*clauses)


def _listed(visibility, project_id, is_admin):
    """The images a listing shows for a ``visibility`` filter, as Glance.

    No filter: readable images but not others' community ones; 'all':
    every readable one; 'community': every community image; any other
    value: the readable images of that visibility.
    """
    image = models.Image
    if visibility is None:
        return _readable(project_id, is_admin)
    if visibility == 'all':
        return _readable(project_id, is_admin, community=True)
    if visibility not in VISIBILITIES:
        raise exception.InvalidInput(
            reason='visibility must be one of %s or all, not %s'
                   % (', '.join(VISIBILITIES), visibility))
    return sa.and_(image.visibility == visibility,
                   _readable(project_id, is_admin, community=True))


def image_get(image_id, project_id=None, is_admin=False):
    """The image ``image_id`` if the project may read it; ImageNotFound."""
    with api.reader() as session:
        row = session.scalars(_image_select().where(
            models.Image.id == image_id,
            _readable(project_id, is_admin, community=True))).first()
    if row is None:
        raise exception.ImageNotFound(image_id=image_id)
    return row


def _filtered(filters, project_id, is_admin):
    filters = dict(filters or {})
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise exception.InvalidInput(
            reason='unsupported image filter %s' % ', '.join(unknown))
    stmt = _image_select().where(
        _listed(filters.pop('visibility', None), project_id, is_admin))
    for key, value in filters.items():
        stmt = stmt.where(getattr(models.Image, key) == value)
    return stmt


def image_get_all(filters=None, sort_key='created_at', sort_dir='desc',
                  limit=None, marker=None, project_id=None, is_admin=False):
    """The images the project may see, filtered, sorted and paged.

    ``filters``: exact matches on name, status, owner, and ``visibility``
    (public, private, shared, community or all; see ``_listed``).
    ``marker``: the id of the previous page's last image (MarkerNotFound,
    400, if the project cannot see such an image).
    """
    api.check_sort(sort_key, sort_dir, SORT_KEYS)
    stmt = _filtered(filters, project_id, is_admin)
    with api.reader() as session:
        marker_row = None
        if marker is not None:
            marker_row = session.scalars(sa.select(models.Image).where(
                models.Image.id == marker,
                _readable(project_id, is_admin, community=True))).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        stmt = api.paginate(stmt, models.Image, [sort_key], sort_dir, limit,
                            marker_row)
        return list(session.scalars(stmt))


@api.retry_on_deadlock
def image_create(values, properties=None, tags=None):
    """Insert an image with its properties and tags; return it.

    ImageExists if the id is taken.
    """
    row = models.Image()
    row.update(api.prepare_values(values))
    try:
        with api.writer() as session:
            session.add(row)
            session.flush()
            session.add_all(
                [models.ImageProperty(image_id=row.id, name=name,
                                      value=value)
                 for name, value in sorted((properties or {}).items())] +
                [models.ImageTag(image_id=row.id, value=tag)
                 for tag in sorted(set(tags or ()))])
            session.flush()
            return session.scalars(_image_select().where(
                models.Image.id == row.id).execution_options(
                    populate_existing=True)).one()
    except db_exc.DBDuplicateEntry:
        raise exception.ImageExists(image_id=values.get('id'))


@api.retry_on_deadlock
def image_destroy(image_id):
    """Delete an image with its properties and tags.

    ImageNotFound if there is none; ImageProtected (403) if it is
    protected.
    """
    image = models.Image
    with api.writer() as session:
        protected = session.execute(sa.select(image.protected).where(
            image.id == image_id)).scalar_one_or_none()
        if protected is None:
            raise exception.ImageNotFound(image_id=image_id)
        if protected:
            raise exception.ImageProtected(image_id=image_id)
        for child in (models.ImageProperty, models.ImageTag):
            session.execute(sa.delete(child).where(
                child.image_id == image_id))
        session.execute(sa.delete(image).where(image.id == image_id))
