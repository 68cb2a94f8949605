"""Virt drivers: how a compute talks to its hypervisor."""

from oslo_log import log as logging
from oslo_utils import importutils

LOG = logging.getLogger(__name__)


def load_compute_driver(name):
    """Load ``compute_driver`` (``module.Class`` under ``nova_lite.virt``)."""
    LOG.info('Loading compute driver %s', name)
    return importutils.import_object('nova_lite.virt.' + name)
