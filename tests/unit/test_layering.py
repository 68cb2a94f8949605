"""tools/check_layering.py: the tree obeys it, and it catches what it must."""

import importlib.util
import os
import subprocess
import sys
import textwrap

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
TOOL = os.path.join(TOP, 'tools', 'check_layering.py')


def _load_tool():
    spec = importlib.util.spec_from_file_location('check_layering', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_layering = _load_tool()


def _run(top):
    return subprocess.run([sys.executable, TOOL, str(top)],
                          capture_output=True, text=True, timeout=120)


def _write_tree(top, files):
    for relpath, source in files.items():
        path = top / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    for dirpath, _dirs, filenames in os.walk(top / 'nova_lite'):
        if '__init__.py' not in filenames:
            open(os.path.join(dirpath, '__init__.py'), 'w').close()


def test_real_tree_is_clean():
    result = _run(TOP)
    assert result.returncode == 0, (
        'tools/check_layering.py found layering violations in nova_lite/:\n'
        + result.stdout + result.stderr)


# Each bad file holds exactly one violation, on line 2.
BAD_DB = {
    'nova_lite/compute/plain.py': '# 1\nimport nova_lite.db.api\n',
    'nova_lite/compute/aliased.py': '# 1\nimport nova_lite.db as db\n',
    'nova_lite/compute/from_db.py': '# 1\nfrom nova_lite.db import api\n',
    'nova_lite/compute/from_sub.py':
        '# 1\nfrom nova_lite.db.api import instance_get\n',
    'nova_lite/compute/from_pkg.py': '# 1\nfrom nova_lite import db\n',
    'nova_lite/compute/relative.py': '# 1\nfrom ..db import api\n',
    'nova_lite/compute/relative_pkg.py': '# 1\nfrom .. import db\n',
    'nova_lite/scheduler/in_function.py': '''\
        def f():
            import nova_lite.db
        ''',
    'nova_lite/api/dynamic.py': '''\
        import importlib
        importlib.import_module('nova_lite.db.api')
        ''',
    'nova_lite/cmd/compute.py': '# 1\nfrom nova_lite.db import api\n',
}
BAD_EVENTLET = {
    'nova_lite/service.py': '# 1\nimport eventlet\n',
    'nova_lite/compute/green.py': '# 1\nfrom eventlet import greenthread\n',
    'nova_lite/conductor/green.py': '# 1\nimport eventlet.event\n',
    'nova_lite/db/green.py': '# 1\nfrom eventlet.green import threading\n',
}

GOOD = {
    'nova_lite/db/api.py': 'import nova_lite.db.models\n',
    'nova_lite/db/models.py': 'from . import api\n',
    'nova_lite/objects/instance.py': 'from nova_lite.db import api\n',
    'nova_lite/conductor/manager.py': 'from nova_lite import db\n',
    'nova_lite/cmd/manage.py': 'from nova_lite.db import migration\n',
    'nova_lite/cmd/all.py': 'import nova_lite.db.api\n',
    'nova_lite/monkey_patch.py': 'import eventlet\neventlet.monkey_patch()\n',
    'nova_lite/compute/fine.py': '''\
        from nova_lite import dbutils
        from nova_lite.objects import instance
        import nova_lite.database_helpers
        from . import db_like
        ''',
    'nova_lite/compute/__init__.py': 'from . import fine\n',
}


def test_synthetic_tree_catches_each_kind(tmp_path):
    bad = dict(BAD_DB, **BAD_EVENTLET)
    _write_tree(tmp_path, dict(bad, **GOOD))

    result = _run(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    reported = sorted(line.split(': ', 1)[0]
                      for line in result.stdout.splitlines())
    assert reported == sorted('%s:2' % path for path in bad), result.stdout
    for line in result.stdout.splitlines():
        location, reason = line.split(': ', 1)
        path = location.rsplit(':', 1)[0]
        expected = 'imports eventlet' if path in BAD_EVENTLET \
            else 'imports nova_lite.db'
        assert reason.startswith(expected), line
    assert '%d violation(s)' % len(bad) in result.stderr


def test_clean_synthetic_tree_passes(tmp_path):
    _write_tree(tmp_path, GOOD)

    result = _run(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ''


def test_unparsable_file_is_reported(tmp_path):
    _write_tree(tmp_path, {'nova_lite/broken.py': 'def f(:\n'})

    violations = check_layering.check_tree(str(tmp_path))

    assert len(violations) == 1
    assert violations[0][0] == 'nova_lite/broken.py'
    assert 'cannot be parsed' in violations[0][2]


@pytest.mark.parametrize('package, level, module, expected', [
    ('nova_lite.compute', 0, 'nova_lite.db', 'nova_lite.db'),
    ('nova_lite.compute', 1, 'manager', 'nova_lite.compute.manager'),
    ('nova_lite.compute', 2, 'db', 'nova_lite.db'),
    ('nova_lite.compute', 2, None, 'nova_lite'),
    ('nova_lite.compute.monitors', 3, 'db.api', 'nova_lite.db.api'),
])
def test_resolve_relative_imports(package, level, module, expected):
    assert check_layering._resolve(package, level, module) == expected
