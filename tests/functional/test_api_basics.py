"""nova-lite-api as a client first meets it: versions, microversions,
request ids, authentication, errors, and a process that never opens the
database.

Raw ``requests`` calls here on purpose: these are the headers and status
codes openstacksdk hides.
"""

import json
import re
import urllib.parse
import uuid

import pytest

from tests import servers
from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional import sdk

pytestmark = cloud_mod.ONE_BACKEND

REQUEST_ID = re.compile(r'^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-'
                        r'[0-9a-f]{4}-[0-9a-f]{12}$')
VERSION_HEADERS = ('OpenStack-API-Version', 'X-OpenStack-Nova-API-Version')
# A server id nobody has (fixed: parameter ids must not vary between runs).
UNKNOWN = '0badc0de-0000-4000-8000-000000000000'
OUT_OF_RANGE = ('Version %s is not supported by the API. Minimum is 2.1 and '
                'maximum is 2.73.')


# -- version discovery ------------------------------------------------------

def test_root_lists_the_versions_without_a_token(cloud):
    resp = cloud.request('GET', '/', token=None)
    assert resp.status_code == 200, resp.text
    body = cloud_mod.validate('versions', None, resp.json())
    current = [v for v in body['versions'] if v['id'] == 'v2.1']
    assert len(current) == 1, body
    v21 = current[0]
    assert v21['status'] == 'CURRENT', v21
    assert (v21['min_version'], v21['version']) == ('2.1', '2.73'), v21
    hrefs = [link['href'] for link in v21['links'] if link['rel'] == 'self']
    assert hrefs and hrefs[0].rstrip('/').endswith('/v2.1'), v21


@pytest.mark.parametrize('path', ['/v2.1', '/v2.1/'])
def test_version_document_without_a_token(cloud, path):
    resp = cloud.request('GET', path, token=None)
    assert resp.status_code == 200, resp.text
    body = cloud_mod.validate('version', None, resp.json())
    doc = body['version']
    assert doc['id'] == 'v2.1', doc
    assert (doc['min_version'], doc['version']) == ('2.1', '2.73'), doc
    assert doc['status'] == 'CURRENT', doc


def test_sdk_discovers_the_microversion_range(cloud):
    """What keystoneauth read from GET /v2.1, and what openstacksdk sends."""
    from openstack.compute.v2 import flavor
    from openstack.compute.v2 import server
    conn = cloud.demo
    data = conn.compute.get_endpoint_data()
    assert data.min_microversion == (2, 1), data
    assert data.max_microversion == (2, 73), data
    assert server.Server._get_microversion(conn.compute) == sdk.MAX_VERSION
    assert (flavor.Flavor._get_microversion(conn.compute) ==
            sdk.SDK_FLAVOR_VERSION)
    # A connection pinned to a version uses it for every resource.
    pinned = cloud.conn(*cloud_mod.DEMO, microversion='2.47')
    assert server.Server._get_microversion(pinned.compute) == '2.47'


def test_image_api_lists_and_shows_the_image(cloud):
    resp = cloud.request('GET', '/image', token=None)
    assert resp.status_code in (200, 300), resp.text
    assert any(v['id'].startswith('v2') for v in resp.json()['versions'])
    images = {i.id: i for i in cloud.demo.image.images()}
    assert cloud.image_id in images, images
    image = cloud.demo.image.get_image(cloud.image_id)
    assert image.name == 'cirros' and image.status == 'active', image
    named = list(cloud.demo.image.images(name='cirros'))
    assert cloud.image_id in [i.id for i in named], named


# -- microversion headers ---------------------------------------------------

def _echoed(resp, version):
    assert resp.headers.get('OpenStack-API-Version') == \
        'compute %s' % version, resp.headers
    assert resp.headers.get('X-OpenStack-Nova-API-Version') == version, \
        resp.headers
    vary = {v.strip().lower()
            for v in resp.headers.get('Vary', '').split(',')}
    assert {h.lower() for h in VERSION_HEADERS} <= vary, resp.headers


@pytest.mark.parametrize('sent,served', [
    ({}, '2.1'),
    ({'OpenStack-API-Version': 'compute 2.47'}, '2.47'),
    ({'OpenStack-API-Version': 'compute latest'}, '2.73'),
    ({'X-OpenStack-Nova-API-Version': '2.10'}, '2.10'),
    # The standard header wins over the legacy one.
    ({'OpenStack-API-Version': 'compute 2.30',
      'X-OpenStack-Nova-API-Version': '2.10'}, '2.30'),
    # Another service's version is not ours.
    ({'OpenStack-API-Version': 'volume 3.5'}, '2.1'),
])
def test_microversion_is_echoed(cloud, sent, served):
    resp = cloud.request('GET', '/v2.1/servers', headers=sent)
    assert resp.status_code == 200, resp.text
    _echoed(resp, served)
    cloud_mod.validate('servers.index', served, resp.json())


def test_microversion_is_echoed_on_errors(cloud):
    resp = cloud.request('GET', '/v2.1/servers/%s' % uuid.uuid4(),
                         version='2.47')
    cloud_mod.assert_fault(resp, 404)
    _echoed(resp, '2.47')


@pytest.mark.parametrize('version', ['2.74', '2.0', '3.0'])
def test_microversion_out_of_range_is_406(cloud, version):
    resp = cloud.request('GET', '/v2.1/servers', version=version)
    cloud_mod.assert_fault(resp, 406, OUT_OF_RANGE % version)


@pytest.mark.parametrize('header', ['compute 2', 'compute 2.x',
                                    'compute two', 'compute 2.1.1'])
def test_malformed_microversion_is_400(cloud, header):
    resp = cloud.request('GET', '/v2.1/servers',
                         headers={'OpenStack-API-Version': header})
    cloud_mod.assert_fault(resp, 400)


# -- request ids --------------------------------------------------------------

@pytest.mark.parametrize('method,path,token,status', [
    ('GET', '/', None, 200),
    ('GET', '/v2.1/servers', sdk.token('demo', 'demo'), 200),
    ('GET', '/v2.1/servers/%s' % UNKNOWN, sdk.token('demo', 'demo'),
     404),
    ('GET', '/v2.1/servers', None, 401),
    ('GET', '/v2.1/no-such-resource', sdk.token('demo', 'demo'), 404),
])
def test_every_response_carries_a_request_id(cloud, method, path, token,
                                             status):
    ids = set()
    for _ in range(2):
        resp = cloud.request(method, path, token=token)
        assert resp.status_code == status, resp.text
        rid = resp.headers.get('x-openstack-request-id')
        assert rid and REQUEST_ID.match(rid), resp.headers
        assert resp.headers.get('x-compute-request-id') == rid, resp.headers
        ids.add(rid)
    assert len(ids) == 2, ids


# -- authentication and unknown paths ---------------------------------------

@pytest.mark.parametrize('token', [None, '', 'just-a-user'])
def test_missing_or_garbled_token_is_401(cloud, token):
    headers = {} if token is None else {'X-Auth-Token': token}
    resp = cloud.request('GET', '/v2.1/servers', token=None, headers=headers)
    assert resp.status_code == 401, resp.text
    assert 'Traceback' not in resp.text
    cloud_mod.validate('error', None, resp.json(), code=401)


@pytest.mark.parametrize('path', ['/v2.1/no-such-resource',
                                  '/v2.1/servers/%s/no-such-thing'
                                  % UNKNOWN, '/nothing-here'])
def test_unknown_path_is_a_json_404(cloud, path):
    resp = cloud.request('GET', path)
    cloud_mod.assert_fault(resp, 404)
    assert '<html' not in resp.text.lower()


# -- the API process --------------------------------------------------------

def test_api_never_opens_the_database(cloud):
    """The API reaches the data through the conductor only."""
    # Make it serve something that needs data first.
    cloud.boot_active(name='isolation')
    proc = cloud.proc
    entries = [json.loads(line) for line in open(proc.audit_log)]
    entries = [e for e in entries if e['pid'] == proc.pid]
    assert entries and entries[0]['event'] == 'start', entries[:3]
    rabbit = urllib.parse.urlsplit(servers.RABBIT_URL).port or 5672
    inet = [e for e in entries if e['event'] == 'socket.connect' and
            e['family'] in ('AF_INET', 'AF_INET6')]
    assert inet, 'the audit hook saw no connection at all'
    bad = [e for e in inet if e['address'][1] != rabbit]
    bad += [e for e in entries if e['event'].startswith('sqlite3.connect')]
    assert not bad, bad
    peers = {remote for remote, _l, _f in fixtures.tcp_peers(proc.pid)}
    assert not peers & {3306, 5432}, peers
