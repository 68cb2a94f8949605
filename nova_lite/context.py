"""The request context every layer passes along, and the RPC wire form."""

import copy

from oslo_context import context as o_context


class RequestContext(o_context.RequestContext):
    """Who asks, on behalf of which project, and how deleted rows are read.

    ``read_deleted`` is one of ``'no'`` (default), ``'yes'`` or ``'only'``.
    """

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 read_deleted='no', remote_address=None, timestamp=None,
                 **kwargs):
        # oslo.context takes ``user_id``/``project_id`` as the keywords
        # ``user_id``/``project_id`` since 4.0.
        super().__init__(user_id=user_id, project_id=project_id, **kwargs)
        self.read_deleted = read_deleted
        self.remote_address = remote_address
        self.timestamp = timestamp
        if is_admin is None:
            is_admin = 'admin' in [r.lower() for r in self.roles]
        self.is_admin = is_admin

    def to_dict(self):
        values = super().to_dict()
        values.update({
            'user_id': self.user_id,
            'project_id': self.project_id,
            'is_admin': self.is_admin,
            'read_deleted': self.read_deleted,
            'remote_address': self.remote_address,
        })
        return values

    @classmethod
    def from_dict(cls, values):
        return super().from_dict(
            values,
            user_id=values.get('user_id'),
            project_id=values.get('project_id'),
            is_admin=values.get('is_admin'),
            read_deleted=values.get('read_deleted', 'no'),
            remote_address=values.get('remote_address'))

    def elevated(self, read_deleted=None):
        """Return an admin copy of this context."""
        ctx = copy.copy(self)
        ctx.roles = list(self.roles)
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles.append('admin')
        if read_deleted is not None:
            ctx.read_deleted = read_deleted
        return ctx


def get_admin_context(read_deleted='no'):
    """A context for work the services do on their own account."""
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          read_deleted=read_deleted, overwrite=False)


def get_context():
    """A non-admin context with no user or project (used by tools)."""
    return RequestContext(user_id=None, project_id=None, is_admin=False,
                          overwrite=False)
