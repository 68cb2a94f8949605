"""nova_lite's versioned objects.

``register_all()`` imports every object module, which registers its classes
with ``NovaLiteObjectRegistry``; the registry then exposes the newest
version of each as ``nova_lite.objects.<Name>`` (``objects.Instance``...).
Every binary calls it once at start, before it deserializes anything.

Importing the object modules does not load SQLAlchemy: they reach the
database code through ``nova_lite.db.lazy``, which only the process that
runs remotable methods (the conductor) ever triggers.
"""

import importlib

_MODULES = (
    'allocation',
    'compute_node',
    'fixed_ip',
    'flavor',
    'host_state',
    'image',
    'instance',
    'instance_action',
    'instance_fault',
    'keypair',
    'migration',
    'quotas',
    'request_spec',
    'selection',
    'server_group',
    'service',
)


def register_all():
    """Import (and so register) every object class."""
    for name in _MODULES:
        importlib.import_module('nova_lite.objects.' + name)
