"""The database layer: models, query functions and migrations.

Only nova-lite-conductor, nova-lite-manage and nova-lite-all may use it
(``tools/check_layering.py`` enforces the imports, ``nova_lite.db.api``
refuses connections until ``allow_connections`` is called). Importing this
package itself is cheap: SQLAlchemy and oslo.db load only with its
submodules, which ``lazy`` defers until first use.
"""

import importlib


class LazyModule:
    """A stand-in for ``nova_lite.db.<name>`` imported on first use.

    Object modules are imported by every binary, computes included, which
    must not load SQLAlchemy; they reach the query functions through this
    proxy, so only a process that really runs a remotable method (the
    conductor) imports the database code.
    """

    def __init__(self, name):
        self._name = 'nova_lite.db.' + name
        self._module = None

    def __getattr__(self, attr):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


def lazy(name):
    """Return a lazily imported ``nova_lite.db.<name>`` module."""
    return LazyModule(name)
