"""Entry points for oslo-config-generator (``nova_lite.conf`` namespace)."""

import collections
import importlib

from nova_lite.conf import database

_MODULES = ('api', 'base', 'compute', 'fake_driver', 'network', 'quota',
            'scheduler', 'service', 'upgrade_levels')


def list_opts():
    """Every nova_lite option, grouped, for the sample config."""
    grouped = collections.defaultdict(list)
    for name in _MODULES:
        module = importlib.import_module('nova_lite.conf.' + name)
        for group, opts in module.list_opts().items():
            grouped[group].extend(opts)
    return [(group, sorted(opts, key=lambda o: o.name))
            for group, opts in grouped.items()]


def set_defaults():
    """Apply nova_lite's defaults to library options before sampling.

    The generator reads defaults from the option objects themselves, so
    they are set there (not on a ConfigOpts) for the sample to show them.
    """
    database.set_sample_defaults()
