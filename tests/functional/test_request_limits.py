"""Bodies nova-lite-api refuses before reading them, over real HTTP.

Over ``[api] max_request_body_size`` (the default, 112 KiB): a 413 with
Nova's ``overLimit`` body, answered before the client has sent the rest of
the body (with Content-Length, and chunked without it); malformed JSON a
400; a content type that is not JSON a 415 (also on actions and
metadata).
"""

import json
import socket
import urllib.parse

from tests.functional import cloud as cloud_mod
from tests.functional import sdk

pytestmark = cloud_mod.ONE_BACKEND

LIMIT = 114688
TOKEN = sdk.token(*cloud_mod.DEMO)


def _connect(cloud):
    parts = urllib.parse.urlsplit(cloud.url)
    sock = socket.create_connection((parts.hostname, parts.port),
                                    timeout=30)
    return sock


def _head(path, extra):
    lines = ['POST %s HTTP/1.1' % path, 'Host: 127.0.0.1',
             'X-Auth-Token: %s' % TOKEN, 'Content-Type: application/json',
             'Accept: application/json'] + extra
    return ('\r\n'.join(lines) + '\r\n\r\n').encode()


def _read_response(sock):
    """(status, body as JSON) of one response (the server closes or
    announces its length)."""
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _sep, rest = data.partition(b'\r\n\r\n')
    status = int(head.split(b' ', 2)[1])
    length = 0
    for line in head.split(b'\r\n')[1:]:
        name, _c, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, json.loads(rest[:length] or b'null')


def _over_limit(status, body):
    assert status == 413, (status, body)
    cloud_mod.validate('error', None, body, code=413)
    assert str(LIMIT) in body['overLimit']['message']


def test_declared_length_over_the_limit_is_refused_unread(cloud):
    sock = _connect(cloud)
    try:
        # Announce 10 MiB, send 1 KiB of it, and wait: the answer comes
        # without the rest.
        sock.sendall(_head('/v2.1/servers', [
            'Content-Length: %d' % (10 * 1024 * 1024)]))
        sock.sendall(b'{"server": {"name": "' + b'x' * 1024)
        _over_limit(*_read_response(sock))
    finally:
        sock.close()


def test_chunked_body_over_the_limit_is_refused_once_past_it(cloud):
    sock = _connect(cloud)
    try:
        sock.sendall(_head('/v2.1/servers', ['Transfer-Encoding: chunked']))
        chunk = b'x' * 16384
        # Just past the limit, then stop sending (no final chunk): the
        # answer must come from what was sent.
        for _ in range(LIMIT // len(chunk) + 1):
            sock.sendall(b'%x\r\n%s\r\n' % (len(chunk), chunk))
        _over_limit(*_read_response(sock))
    finally:
        sock.close()
    assert cloud.instance_count('demo') == 0


def test_body_within_the_limit_is_read(cloud):
    resp = cloud.request('POST', '/v2.1/servers', version='2.60',
                         json={'server': {'name': 'x' * 300,
                                          'flavorRef': '1'}})
    # Read and validated (a 400 for the name), not refused for its size.
    cloud_mod.assert_fault(resp, 400, 'name')


def test_malformed_json_and_wrong_content_type(cloud):
    server = cloud.boot_active(name='limits')
    paths = ['/v2.1/servers', '/v2.1/servers/%s/action' % server.id,
             '/v2.1/servers/%s/metadata' % server.id, '/v2.1/os-keypairs']
    for path in paths:
        resp = cloud.request('POST', path, data='{"pause": ',
                             headers={'Content-Type': 'application/json'})
        cloud_mod.assert_fault(resp, 400, 'Malformed request body')
        resp = cloud.request('POST', path, data='{"pause": null}',
                             headers={'Content-Type': 'application/xml'})
        cloud_mod.assert_fault(resp, 415, 'Unsupported Content-Type')
    assert cloud.demo.compute.get_server(server.id).status == 'ACTIVE'
