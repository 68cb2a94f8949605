"""The backend is read from the config files named on the command line."""

from nova_lite import monkey_patch


def _write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body)
    return str(path)


def test_default_is_threading(tmp_path):
    conf = _write(tmp_path, 'a.conf', '[DEFAULT]\nhost = x\n')
    assert monkey_patch.backend_from_argv(['--config-file', conf]) == \
        'threading'


def test_reads_eventlet_from_config_file(tmp_path):
    conf = _write(tmp_path, 'a.conf',
                  '[DEFAULT]\nconcurrency_backend = eventlet\n')
    assert monkey_patch.backend_from_argv(['--config-file=' + conf]) == \
        'eventlet'


def test_last_file_wins_and_config_dir_is_read(tmp_path):
    first = _write(tmp_path, 'a.conf',
                   '[DEFAULT]\nconcurrency_backend = eventlet\n')
    conf_dir = tmp_path / 'conf.d'
    conf_dir.mkdir()
    (conf_dir / '10-threads.conf').write_text(
        '[DEFAULT]\nconcurrency_backend = threading\n')
    argv = ['--config-file', first, '--config-dir', str(conf_dir)]
    assert monkey_patch.backend_from_argv(argv) == 'threading'


def test_other_sections_and_missing_files_are_ignored(tmp_path):
    conf = _write(tmp_path, 'a.conf',
                  '[compute]\nconcurrency_backend = eventlet\n')
    argv = ['--config-file', conf, '--config-file', str(tmp_path / 'nope')]
    assert monkey_patch.backend_from_argv(argv) == 'threading'
