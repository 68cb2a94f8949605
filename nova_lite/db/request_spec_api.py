"""Query functions of request specs: one JSON document per instance."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from nova_lite.db import api
from nova_lite.db import models
from nova_lite import exception


def request_spec_get_by_instance_uuid(instance_uuid):
    """The spec row of the instance; RequestSpecNotFound if none."""
    spec = models.RequestSpec
    with api.reader() as session:
        row = session.scalars(sa.select(spec).where(
            spec.instance_uuid == instance_uuid)).first()
    if row is None:
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
    return row


@api.retry_on_deadlock
def request_spec_create(instance_uuid, spec_json):
    """Store the spec of an instance; RequestSpecExists if it has one."""
    row = models.RequestSpec(instance_uuid=instance_uuid, spec=spec_json)
    try:
        with api.writer() as session:
            session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.RequestSpecExists(instance_uuid=instance_uuid)
    return row


@api.retry_on_deadlock
def request_spec_update(instance_uuid, spec_json):
    """Replace the stored spec of an instance; return the row."""
    spec = models.RequestSpec
    with api.writer() as session:
        row = session.scalars(sa.select(spec).where(
            spec.instance_uuid == instance_uuid)).first()
        if row is None:
            raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
        row.spec = spec_json
    return row


@api.retry_on_deadlock
def request_spec_destroy(instance_uuid):
    """Delete the spec of an instance; RequestSpecNotFound if none."""
    spec = models.RequestSpec
    with api.writer() as session:
        result = session.execute(sa.delete(spec).where(
            spec.instance_uuid == instance_uuid))
    if result.rowcount == 0:
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
