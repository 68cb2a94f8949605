"""Choose the concurrency backend before anything else is imported.

Native threads are the default. ``[DEFAULT] concurrency_backend = eventlet``
makes a service monkey-patch the standard library with eventlet; that must
happen before any module that creates locks or sockets is imported, so this
module reads the choice straight from the configuration files named on the
command line, before oslo.config has parsed anything. This is the only module
of nova_lite that imports eventlet.
"""

import configparser
import os
import sys
import warnings

DEFAULT_CONFIG_FILES = ('/etc/nova-lite/nova-lite.conf',)

_patched_backend = None


def _config_files(argv):
    files, dirs = [], []
    it = iter(argv)
    for arg in it:
        for flag, target in (('--config-file', files),
                             ('--config-dir', dirs)):
            if arg == flag:
                target.append(next(it, ''))
            elif arg.startswith(flag + '='):
                target.append(arg.split('=', 1)[1])
    for directory in dirs:
        if os.path.isdir(directory):
            files.extend(sorted(
                os.path.join(directory, name)
                for name in os.listdir(directory) if name.endswith('.conf')))
    return files or [f for f in DEFAULT_CONFIG_FILES if os.path.exists(f)]


def backend_from_argv(argv):
    """The backend the config files on ``argv`` ask for (last one wins)."""
    backend = 'threading'
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    for path in _config_files(argv):
        try:
            parser.read(path)
        except (OSError, configparser.Error):
            # oslo.config reports unreadable files properly later on.
            continue
        backend = parser.defaults().get('concurrency_backend', backend)
    return backend.strip()


def patch(argv=None):
    """Monkey-patch for eventlet if configured; idempotent."""
    global _patched_backend
    if _patched_backend is not None:
        return _patched_backend
    backend = backend_from_argv(sys.argv[1:] if argv is None else argv)
    if backend == 'eventlet':
        import eventlet
        eventlet.monkey_patch()
    else:
        # Nothing resolves names through eventlet here: keep it from loading
        # its DNS resolver (dnspython, ~7 MiB per process) when oslo
        # libraries import eventlet's helpers.
        os.environ.setdefault('EVENTLET_NO_GREENDNS', 'yes')
        # oslo.messaging and oslo.service import eventlet's helpers even
        # when nothing uses them; their deprecation notice at every start
        # would only alarm operators of a service that runs native threads.
        warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
    _patched_backend = backend
    return backend


def patched_backend():
    """The backend chosen by :func:`patch`, or None if it was not called."""
    return _patched_backend
