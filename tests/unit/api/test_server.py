"""APIServer (cheroot) and the nova-lite-api / WSGI entry points."""

import json
import sys
import threading
import time
import urllib.request

from nova_lite.api import server
from nova_lite.api import wsgi
from nova_lite.cmd import api as cmd_api
from nova_lite.cmd import common


def _versions_app(environ, start_response):
    if environ['PATH_INFO'] == '/slow':
        time.sleep(0.5)
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [b'{"path": "%s"}' % environ['PATH_INFO'].encode()]


def _get(address, path):
    url = 'http://%s:%d%s' % (address[0], address[1], path)
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_serves_and_stops_gracefully():
    api = server.APIServer(_versions_app, '127.0.0.1', 0, threads=2)
    api.start()
    try:
        assert _get(api.address, '/') == (200, {'path': '/'})
        results = []
        slow = threading.Thread(
            target=lambda: results.append(_get(api.address, '/slow')))
        slow.start()
        time.sleep(0.1)
    finally:
        api.stop(graceful_timeout=5)
    slow.join(5)
    # The request in progress at SIGTERM still got its answer.
    assert results == [(200, {'path': '/slow'})]


def test_main_waits_for_the_conductor_and_runs_the_server(monkeypatch):
    calls = []
    monkeypatch.setattr(common, 'parse_args_or_exit',
                        lambda argv: calls.append('parse'))
    monkeypatch.setattr(common, 'use_conductor',
                        lambda wait=True: calls.append(('conductor', wait)))
    monkeypatch.setattr(cmd_api.app, 'setup_app', lambda: _versions_app)
    monkeypatch.setattr(cmd_api.service, 'run',
                        lambda *services: calls.append(services) or 0)
    assert cmd_api.main() == 0
    assert calls[:2] == ['parse', ('conductor', True)]
    (api_server,), = calls[2:]
    assert isinstance(api_server, server.APIServer)


def test_wsgi_application_initializes_once(monkeypatch):
    calls = []
    monkeypatch.setenv(wsgi.CONFIG_ENV, '/etc/a.conf,/etc/b.conf')
    monkeypatch.setattr(wsgi, '_APP', None)
    monkeypatch.setattr(common, 'parse_args_or_exit', calls.append)
    monkeypatch.setattr(common, 'use_conductor',
                        lambda wait=True: calls.append(('conductor', wait)))
    from nova_lite.api import app
    monkeypatch.setattr(app, 'setup_app', lambda: _versions_app)
    for _ in range(2):
        body = wsgi.application({'PATH_INFO': '/x'}, lambda *a: None)
        assert body == [b'{"path": "/x"}']
    assert calls == [['nova-lite-api', '--config-file', '/etc/a.conf',
                      '--config-file', '/etc/b.conf'],
                     ('conductor', False)]


def test_main_refuses_keystone_without_keystonemiddleware(monkeypatch,
                                                          conf, capsys):
    # It is a requirement, so hide it: an import of it then fails, as in a
    # deployment that left it out.
    monkeypatch.setitem(sys.modules, 'keystonemiddleware', None)
    conf.config(group='api', auth_strategy='keystone')
    monkeypatch.setattr(common, 'parse_args_or_exit', lambda argv: None)
    monkeypatch.setattr(common, 'use_conductor', lambda wait=True: None)
    assert cmd_api.main() == 2
    assert 'keystonemiddleware' in capsys.readouterr().err
