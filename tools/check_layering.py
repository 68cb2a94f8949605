#!/usr/bin/env python3
"""Lint the layering rules flake8 cannot see, over ``nova_lite/``.

1. Only the conductor opens the database. ``nova_lite.db`` may be imported
   (``import nova_lite.db...``, ``from nova_lite.db... import ...``,
   ``from nova_lite import db``, or the relative equivalents) only from
   ``nova_lite/db/``, ``nova_lite/objects/``, ``nova_lite/conductor/``,
   ``nova_lite/cmd/manage.py`` and ``nova_lite/cmd/all.py``. Everything else
   reaches the data through objects, which go to the conductor over RPC.
2. eventlet is imported, and the standard library patched, in exactly one
   module: ``nova_lite/monkey_patch.py``.

``importlib.import_module('...')`` and ``__import__('...')`` with a literal
name count as imports.

Usage: ``python tools/check_layering.py [TOP]`` where TOP is the directory
that holds ``nova_lite/`` (default: this checkout). Prints one
``path:line: reason`` per violation and exits 1 if there is any, 0 otherwise.
"""

import ast
import os
import sys

PACKAGE = 'nova_lite'

# Where nova_lite.db may be imported: package directories (trailing slash)
# or single files, relative to TOP, with '/' separators.
DB_ALLOWED = (
    'nova_lite/db/',
    'nova_lite/objects/',
    'nova_lite/conductor/',
    'nova_lite/cmd/manage.py',
    'nova_lite/cmd/all.py',
)
EVENTLET_ALLOWED = ('nova_lite/monkey_patch.py',)

DB_REASON = ('imports %s: only db/, objects/, conductor/, cmd/manage.py and '
             'cmd/all.py may use nova_lite.db; go through objects instead')
EVENTLET_REASON = ('imports %s: eventlet is imported only in '
                   'nova_lite/monkey_patch.py (concurrency_backend switch)')


def _is_under(name, prefix):
    return name == prefix or name.startswith(prefix + '.')


def _allowed(relpath, allowed):
    return any(relpath.startswith(entry) if entry.endswith('/')
               else relpath == entry for entry in allowed)


def _module_name(relpath):
    """'nova_lite/a/b.py' -> ('nova_lite.a.b', package 'nova_lite.a')."""
    parts = relpath[:-len('.py')].split('/')
    if parts[-1] == '__init__':
        parts = parts[:-1]
        return '.'.join(parts), '.'.join(parts)
    return '.'.join(parts), '.'.join(parts[:-1])


def _resolve(package, level, module):
    """Absolute name of ``from <level dots><module> import ...``."""
    if not level:
        return module or ''
    base = package.split('.')
    if level > 1:
        base = base[:-(level - 1)]
    return '.'.join(base + ([module] if module else []))


def imported_names(tree, package):
    """Yield (line, absolute module name) for every import in ``tree``.

    ``from X import Y`` yields both ``X`` and ``X.Y``, since Y may be a
    submodule (``from nova_lite import db``).
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(package, node.level, node.module)
            yield node.lineno, base
            for alias in node.names:
                if alias.name != '*':
                    yield node.lineno, (base + '.' if base else '') + \
                        alias.name
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            if (node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                yield node.lineno, node.args[0].value


def _is_dynamic_import(func):
    if isinstance(func, ast.Name):
        return func.id in ('__import__', 'import_module')
    return isinstance(func, ast.Attribute) and func.attr == 'import_module'


def check_file(top, relpath):
    """Return a list of (relpath, line, reason) for one file."""
    path = os.path.join(top, relpath)
    with open(path, 'rb') as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=relpath)
    except SyntaxError as exc:
        return [(relpath, exc.lineno or 0, 'cannot be parsed: %s' % exc.msg)]
    _module, package = _module_name(relpath)
    violations = []
    seen = set()
    for line, name in imported_names(tree, package):
        if (_is_under(name, PACKAGE + '.db')
                and not _allowed(relpath, DB_ALLOWED)):
            reason = DB_REASON % name
        elif (_is_under(name, 'eventlet')
                and not _allowed(relpath, EVENTLET_ALLOWED)):
            reason = EVENTLET_REASON % name
        else:
            continue
        # 'from nova_lite.db import api' reports once, not for both names.
        kind = reason.split(':', 1)[1]
        if (line, kind) not in seen:
            seen.add((line, kind))
            violations.append((relpath, line, reason))
    return violations


def check_tree(top):
    """Check every .py file under TOP/nova_lite; return the violations."""
    root = os.path.join(top, PACKAGE)
    if not os.path.isdir(root):
        raise FileNotFoundError('no %s/ package under %s' % (PACKAGE, top))
    violations = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != '__pycache__')
        for filename in sorted(filenames):
            if filename.endswith('.py'):
                relpath = os.path.relpath(os.path.join(dirpath, filename),
                                          top).replace(os.sep, '/')
                violations.extend(check_file(top, relpath))
    return violations


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    top = argv[0] if argv else os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    violations = check_tree(top)
    for relpath, line, reason in violations:
        print('%s:%d: %s' % (relpath, line, reason))
    if violations:
        print('check_layering: %d violation(s)' % len(violations),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
