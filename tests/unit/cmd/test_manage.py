"""nova-lite-manage, run as operators run it, on a SQLite database."""

import os
import subprocess
import sys

import pytest

from nova_lite import context
from nova_lite.db import migration
from nova_lite import objects
from tests.unit.db import db_fixture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
MANAGE = os.path.join(ROOT, 'cmd', 'nova-lite-manage')


@pytest.fixture
def conf_file(tmp_path):
    path = tmp_path / 'nova-lite.conf'
    path.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)
    return str(path)


def manage(conf_file, *args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, MANAGE, '--config-file', conf_file]
                          + list(args), capture_output=True, text=True,
                          env=env, timeout=60)


def _table(stdout):
    lines = [line for line in stdout.splitlines() if line.startswith('|')]
    header = [c.strip() for c in lines[0].strip('|').split('|')]
    return [dict(zip(header, (c.strip() for c in line.strip('|').split('|'))))
            for line in lines[1:]]


def _add_services(tmp_path):
    objects.register_all()
    url = db_fixture.sqlite_url(tmp_path / 'nova_lite.sqlite')
    with db_fixture.Database(url, sync=False):
        for host, binary in (('c1', 'nova-lite-compute'),
                             ('ctl', 'nova-lite-conductor')):
            objects.Service(context=context.get_admin_context(), host=host,
                            binary=binary, topic=binary.split('-')[-1],
                            report_count=0, version=1).create()


def test_db_sync_and_version(conf_file):
    before = manage(conf_file, 'db', 'version')
    assert before.returncode == 0, before.stderr
    assert before.stdout.startswith('None')
    synced = manage(conf_file, 'db', 'sync')
    assert synced.returncode == 0, synced.stderr
    after = manage(conf_file, 'db', 'version')
    assert after.stdout.strip() == migration.head_revision()


def test_service_commands(conf_file, tmp_path):
    assert manage(conf_file, 'db', 'sync').returncode == 0
    _add_services(tmp_path)

    rows = _table(manage(conf_file, 'service', 'list').stdout)
    assert {(r['Binary'], r['Host'], r['Status']) for r in rows} == {
        ('nova-lite-compute', 'c1', 'enabled'),
        ('nova-lite-conductor', 'ctl', 'enabled')}
    assert {r['Zone'] for r in rows} <= {'nova', 'internal', '-'}

    out = manage(conf_file, 'service', 'disable', 'c1', 'nova-lite-compute',
                 '--reason', 'maintenance')
    assert out.returncode == 0, out.stderr
    rows = _table(manage(conf_file, 'service', 'list', '--host', 'c1').stdout)
    assert [r['Status'] for r in rows] == ['disabled']

    assert manage(conf_file, 'service', 'enable', 'c1',
                  'nova-lite-compute').returncode == 0
    assert manage(conf_file, 'service', 'delete', 'c1',
                  'nova-lite-compute').returncode == 0
    rows = _table(manage(conf_file, 'service', 'list').stdout)
    assert [r['Host'] for r in rows] == ['ctl']


def test_unknown_service_is_a_clear_error(conf_file):
    assert manage(conf_file, 'db', 'sync').returncode == 0
    out = manage(conf_file, 'service', 'delete', 'nohost', 'nova-lite-compute')
    assert out.returncode == 1
    assert 'ERROR: Could not find binary nova-lite-compute on host nohost' \
        in out.stderr
    assert 'Traceback' not in out.stderr


def test_unknown_command_is_a_usage_error(conf_file):
    out = manage(conf_file, 'service', 'frobnicate')
    assert out.returncode == 2
    assert 'invalid choice' in out.stderr


def test_host_list_is_empty_on_a_new_cloud(conf_file):
    assert manage(conf_file, 'db', 'sync').returncode == 0
    out = manage(conf_file, 'host', 'list')
    assert out.returncode == 0
    assert _table(out.stdout) == []


def _image_rows(conf_file):
    out = manage(conf_file, 'image', 'list')
    assert out.returncode == 0, out.stderr
    return _table(out.stdout)


def test_image_commands(conf_file):
    assert manage(conf_file, 'db', 'sync').returncode == 0
    out = manage(conf_file, 'image', 'create', '--name', 'cirros',
                 '--min-disk', '1', '--min-ram', '64',
                 '--property', 'hw_disk_bus=virtio',
                 '--property', 'os_distro=cirros')
    assert out.returncode == 0, out.stderr
    public_id = out.stdout.strip()
    fixed_id = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f'
    out = manage(conf_file, 'image', 'create', '--name', 'secret',
                 '--id', fixed_id, '--disk-format', 'raw', '--private',
                 '--owner', 'p1')
    assert (out.returncode, out.stdout.strip()) == (0, fixed_id), out.stderr

    rows = {r['Name']: r for r in _image_rows(conf_file)}
    assert rows['cirros'] == {
        'ID': public_id, 'Name': 'cirros', 'Status': 'active',
        'Visibility': 'public', 'Owner': '-', 'Disk Format': 'qcow2',
        'Container Format': 'bare', 'Min Disk': '1', 'Min RAM': '64',
        'Properties': 'hw_disk_bus=virtio, os_distro=cirros'}
    assert (rows['secret']['Visibility'], rows['secret']['Owner'],
            rows['secret']['Disk Format']) == ('private', 'p1', 'raw')

    out = manage(conf_file, 'image', 'delete', fixed_id)
    assert out.returncode == 0, out.stderr
    assert [r['Name'] for r in _image_rows(conf_file)] == ['cirros']
    out = manage(conf_file, 'image', 'delete', fixed_id)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        'ERROR: Image %s could not be found.' % fixed_id)


def test_image_create_refuses_bad_input(conf_file):
    assert manage(conf_file, 'db', 'sync').returncode == 0
    for args, message in (
            (['--private'], 'a --private image needs an --owner'),
            (['--id', 'nope'], '--id must be a UUID'),
            (['--property', 'novalue'], '--property takes KEY=VALUE')):
        out = manage(conf_file, 'image', 'create', '--name', 'x', *args)
        assert out.returncode == 1, args
        assert message in out.stderr and 'Traceback' not in out.stderr
    assert _image_rows(conf_file) == []


@pytest.mark.parametrize('args', [
    ['--name', 'x', '--min-ram', '-1'],
    ['--name', 'x', '--disk-format', 'floppy'],
    ['--min-disk', '1'],
])
def test_image_create_usage_errors(conf_file, args):
    out = manage(conf_file, 'image', 'create', *args)
    assert out.returncode == 2
    assert 'Traceback' not in out.stderr
