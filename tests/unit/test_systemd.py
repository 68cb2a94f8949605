"""sd_notify over a real Unix datagram socket, standing in for systemd.

``nova_lite.systemd`` alone (path and abstract addresses, no socket, a
socket nobody listens on), then ``service.run`` under a notify socket:
READY=1 only once every service started, RELOADING=1 / READY=1 around a
SIGHUP, STOPPING=1 on SIGTERM.
"""

import os
import signal
import socket
import threading
import uuid

import pytest

from nova_lite import rpc
from nova_lite import service
from nova_lite import systemd


class Listener:
    """The systemd end: a bound SOCK_DGRAM socket; ``messages()`` reads."""

    def __init__(self, address, env_value):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.settimeout(5)
        self.env_value = env_value

    def message(self):
        """The next datagram, as a list of lines."""
        return self.sock.recv(4096).decode().split('\n')

    def pending(self):
        """Every datagram already waiting, without blocking."""
        found = []
        self.sock.setblocking(False)
        try:
            while True:
                found.append(self.sock.recv(4096).decode().split('\n'))
        except BlockingIOError:
            pass
        finally:
            self.sock.settimeout(5)
        return found

    def close(self):
        self.sock.close()


@pytest.fixture(params=['path', 'abstract'])
def listener(request, tmp_path, monkeypatch):
    if request.param == 'path':
        path = str(tmp_path / 'notify.sock')
        lst = Listener(path, path)
    else:
        name = 'nova-lite-test-%s' % uuid.uuid4().hex
        lst = Listener('\0' + name, '@' + name)
    monkeypatch.setenv(systemd.ENV, lst.env_value)
    yield lst
    lst.close()


def test_ready_with_status(listener):
    assert systemd.ready('Serving: nova-lite-compute') is True
    assert listener.message() == ['READY=1',
                                  'STATUS=Serving: nova-lite-compute']


def test_stopping(listener):
    assert systemd.stopping() is True
    assert listener.message() == ['STOPPING=1', 'STATUS=Stopping']


def test_reloading_carries_the_monotonic_clock(listener):
    before = int(systemd.time.clock_gettime(systemd.time.CLOCK_MONOTONIC)
                 * 1e6)
    assert systemd.reloading() is True
    lines = listener.message()
    assert lines[0] == 'RELOADING=1'
    assert lines[1].startswith('MONOTONIC_USEC=')
    assert int(lines[1].split('=')[1]) >= before


def test_no_socket_no_op(monkeypatch):
    monkeypatch.delenv(systemd.ENV, raising=False)
    assert systemd.ready() is False


def test_unsupported_address_is_ignored(monkeypatch):
    monkeypatch.setenv(systemd.ENV, 'vsock:2:1234')
    assert systemd.ready() is False


def test_nobody_listening_is_logged_not_raised(tmp_path, monkeypatch,
                                               caplog):
    monkeypatch.setenv(systemd.ENV, str(tmp_path / 'gone.sock'))
    assert systemd.stopping() is False
    assert 'Could not notify systemd' in caplog.text


# --------------------------------------------------------------------------
# service.run under a notify socket
# --------------------------------------------------------------------------

@pytest.fixture
def signals(monkeypatch):
    """run() takes SIGTERM/SIGINT/SIGHUP; give the test process's back."""
    saved = {signo: signal.getsignal(signo)
             for signo in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    monkeypatch.setattr(service, '_signals', None)
    monkeypatch.setattr(rpc, 'cleanup', lambda: None)
    monkeypatch.setattr(service.CONF, 'mutate_config_files', lambda: None)
    yield
    for signo, handler in saved.items():
        signal.signal(signo, handler)


class _Server:
    """Starts when ``release`` is set: READY must wait for it."""

    binary = 'nova-lite-api'

    def __init__(self, release=None, error=None):
        self.release = release
        self.error = error

    def start(self):
        if self.release is not None:
            assert self.release.wait(10)
        if self.error is not None:
            raise self.error

    def reset(self):
        pass

    def stop(self, graceful_timeout=None):
        return True


def test_run_ready_after_start_reload_then_stopping(signals, tmp_path,
                                                    monkeypatch):
    path = str(tmp_path / 'notify.sock')
    lst = Listener(path, path)
    monkeypatch.setenv(systemd.ENV, path)
    release = threading.Event()
    seen = {}

    def steps():
        try:
            # Nothing while a service is still starting.
            lst.sock.settimeout(0.5)
            try:
                seen['early'] = lst.sock.recv(4096)
            except socket.timeout:
                seen['early'] = None
            lst.sock.settimeout(5)
            release.set()
            seen['ready'] = lst.message()
            os.kill(os.getpid(), signal.SIGHUP)
            seen['reloading'] = lst.message()
            seen['ready_again'] = lst.message()
            os.kill(os.getpid(), signal.SIGTERM)
            seen['stopping'] = lst.message()
        except Exception as exc:  # reported by the asserts below
            seen['error'] = exc
            os.kill(os.getpid(), signal.SIGTERM)

    # run() needs the main thread (signals): the steps run beside it.
    helper = threading.Thread(target=steps, daemon=True)
    helper.start()
    try:
        assert service.run(_Server(release)) == 0
    finally:
        helper.join(10)
        lst.close()
    assert 'error' not in seen, seen
    assert seen['early'] is None
    assert seen['ready'] == ['READY=1', 'STATUS=Serving: nova-lite-api']
    assert seen['reloading'][0] == 'RELOADING=1'
    assert seen['ready_again'][0] == 'READY=1'
    assert seen['stopping'][0] == 'STOPPING=1'


def test_run_never_ready_when_a_start_fails(signals, tmp_path, monkeypatch):
    path = str(tmp_path / 'notify.sock')
    lst = Listener(path, path)
    monkeypatch.setenv(systemd.ENV, path)
    try:
        with pytest.raises(RuntimeError):
            service.run(_Server(error=RuntimeError('no broker')))
        assert lst.pending() == []
    finally:
        lst.close()
