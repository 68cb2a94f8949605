"""The shape of a conductor workflow: execute, and roll back on failure."""

import sys

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class TaskBase:
    """A workflow the conductor runs for one request.

    Subclasses implement :meth:`_execute` and :meth:`rollback`. When
    ``_execute`` raises, ``rollback`` gets the exception (and its
    traceback) and must leave every instance of the request in a state the
    API explains; the exception is not raised further, since workflows are
    started by casts and nobody waits for them.
    """

    def __init__(self, context, host):
        self.context = context
        self.host = host

    def execute(self):
        try:
            return self._execute()
        except Exception as exc:
            exc_tb = sys.exc_info()[2]
            LOG.warning('%(task)s failed: %(err)s',
                        {'task': type(self).__name__, 'err': exc},
                        exc_info=not hasattr(exc, 'format_message'))
            self.rollback(exc, exc_tb)
        return None

    def _execute(self):
        raise NotImplementedError()

    def rollback(self, exc, exc_tb):
        raise NotImplementedError()
