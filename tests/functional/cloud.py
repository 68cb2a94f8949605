"""The compute REST API on top of a :class:`fixtures.Deployment`.

A :class:`Cloud` starts ``nova-lite-api`` (under the same audit hook as
``compute1``: the API must never open the database) next to a deployment's
conductor, scheduler and computes, waits until it answers, creates the
flavors and the image the tests boot with, and hands out clients:

* :meth:`Cloud.conn`: an openstacksdk Connection (see ``sdk.py``) for a
  user, project and roles, cached;
* :meth:`Cloud.request`: a raw ``requests`` call, for what the SDK hides
  (status codes, headers, malformed bodies).

Servers are booted through the SDK; :meth:`Cloud.delete_all` (run after
every test by the ``cloud`` fixture) deletes whatever is left, in every
project, and waits until each is gone, so the spine tests that follow find
idle computes.
"""

import os
import re
import time

import pytest
import requests

from tests.functional import fixtures
from tests.functional import sdk

# Booting on the fake driver takes a fraction of a second; these are
# deadlines, not expectations.
API_DEADLINE = 60.0
BOOT_DEADLINE = 60.0
POLL = 0.1

# The REST API suite runs on one deployment (one backend) to keep the time
# down; NOVA_LITE_TEST_API_BACKEND=eventlet picks the other one.
ONE_BACKEND = pytest.mark.parametrize(
    'deployment', [os.environ.get('NOVA_LITE_TEST_API_BACKEND', 'threading')],
    indirect=True)

ADMIN = ('admin', 'admin')
DEMO = ('demo', 'demo')          # user, project: the tests' member
OTHER = ('alt', 'alt-project')   # a member of another project

# name -> (ram MB, vcpus, disk GB). 'quarter' fits four times on compute1
# (16 GB) and twice on compute2 (8 GB); 'huge' (48 GB) fits on no compute
# (even at a RAM allocation ratio of 1.5) but within the default RAM quota
# (50 GB), so the request passes the API and fails in the scheduler.
FLAVORS = {
    'nl.tiny': (256, 1, 1),
    'nl.quarter': (4096, 1, 10),
    'nl.huge': (48 * 1024, 1, 1),
}

UUID_RE = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                     r'[0-9a-f]{12}')


def validate(kind, version, body, admin=None, code=None):
    """Check ``body`` against the shared JSON schema of ``kind``
    (``servers.show``, ``error``, ...: see ``tests/api_schemas``); return
    it. ``admin``: require (True) or forbid (False) the admin-only fields.
    """
    from tests import api_schemas
    api_schemas.validate(kind, version, body, admin=admin, code=code)
    return body


def assert_fault(resp, code, *words):
    """``resp`` is an error of ``code`` with Nova's body, naming ``words``."""
    assert resp.status_code == code, (resp.status_code, resp.text[:2000])
    assert resp.headers.get('Content-Type', '').startswith(
        'application/json'), resp.headers
    body = resp.json()
    validate('error', None, body, code=code)
    message = next(iter(body.values()))['message']
    for word in words:
        assert word in message, (word, message)
    return message


class Cloud:
    """nova-lite-api started for one deployment, plus its clients."""

    def __init__(self, dep):
        self.dep = dep
        self.port = fixtures.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.compute_url = self.url + '/v2.1'
        self.proc = None
        self.flavors = {}     # name -> flavor id
        self.image_id = None
        self._conns = {}

    # -- the process -------------------------------------------------------

    def start(self):
        self.proc = self.dep.launch(fixtures.API, 'api1', audited=True,
                                    api_port=self.port)
        self.wait_up()
        fixtures.record_figure(self.dep.backend, 'api1', 'binary',
                               fixtures.API)
        fixtures.record_figure(self.dep.backend, 'api1', 'launch_to_up_s',
                               round(time.monotonic() -
                                     self.proc.started_at, 2))
        return self

    def wait_up(self, timeout=API_DEADLINE):
        def answers():
            if not self.proc.alive():
                raise AssertionError('%r exited with %s' % (
                    self.proc, self.proc.returncode))
            try:
                return requests.get(self.compute_url,
                                    timeout=5).status_code == 200
            except requests.ConnectionError:
                return False
        fixtures.wait_for(answers, 'nova-lite-api to answer GET /v2.1',
                          timeout=timeout, diagnostics=self.diagnostics)

    def ensure_up(self):
        if not self.proc.alive():
            self.proc = self.dep.restart(self.proc)
            self.wait_up()

    def ensure_healthy(self):
        """Restart whatever died (a core service, the API); wait for it."""
        for proc in list(self.dep.core.values()):
            if not proc.alive():
                self.dep.wait_registered(self.dep.restart(proc))
        self.ensure_up()

    def diagnostics(self, lines=40):
        procs = [self.proc] + list(self.dep.core.values())
        return self.dep.diagnostics([p for p in procs if p], lines=lines)

    # -- clients -----------------------------------------------------------

    def conn(self, user='demo', project='demo', roles=None,
             microversion=None):
        key = (user, project, tuple(roles or ()), microversion)
        if key not in self._conns:
            self._conns[key] = sdk.connect(self.url, user, project, roles,
                                           microversion=microversion)
        return self._conns[key]

    @property
    def admin(self):
        return self.conn(*ADMIN)

    @property
    def demo(self):
        return self.conn(*DEMO)

    def request(self, method, path, *, token=sdk.token(*DEMO),
                version=None, headers=None, **kwargs):
        """A raw request to ``path`` (under the root, e.g. ``/v2.1/...``).

        ``version``: sent as ``OpenStack-API-Version: compute <version>``;
        ``token=None`` sends no token.
        """
        sent = {'Accept': 'application/json'}
        if token is not None:
            sent['X-Auth-Token'] = token
        if version is not None:
            sent['OpenStack-API-Version'] = 'compute %s' % version
        sent.update(headers or {})
        kwargs.setdefault('timeout', 30)
        return requests.request(method, self.url + path, headers=sent,
                                **kwargs)

    # -- what the tests boot with ------------------------------------------

    def bootstrap(self):
        """Create the flavors (as admin, over the API) and the image."""
        existing = {f.name: f.id for f in self.admin.compute.flavors(
            is_public=None)}
        for name, (ram, vcpus, disk) in FLAVORS.items():
            if name not in existing:
                existing[name] = self.admin.compute.create_flavor(
                    name=name, ram=ram, vcpus=vcpus, disk=disk).id
            self.flavors[name] = existing[name]
        out = self.dep.manage('image', 'create', '--name', 'cirros').stdout
        found = UUID_RE.findall(out)
        assert found, 'no image id in the output of image create:\n%s' % out
        self.image_id = found[-1]
        return self

    # -- servers -----------------------------------------------------------

    def boot(self, conn=None, name='server', flavor='nl.tiny', **kwargs):
        """POST /servers through the SDK; return the created Server."""
        conn = conn or self.demo
        kwargs.setdefault('networks', 'none')
        kwargs.setdefault('image_id', self.image_id)
        return conn.compute.create_server(
            name=name, flavor_id=self.flavors.get(flavor, flavor), **kwargs)

    def wait_status(self, server, status='ACTIVE', conn=None,
                    timeout=BOOT_DEADLINE):
        """Poll the server until ``status``; fail early on ERROR/ACTIVE."""
        conn = conn or self.demo
        if isinstance(server, str):
            server = conn.compute.get_server(server)
        failures = ['ERROR'] if status != 'ERROR' else ['ACTIVE']
        try:
            return conn.compute.wait_for_server(
                server, status=status, failures=failures, interval=POLL,
                wait=timeout)
        except Exception as exc:
            raise AssertionError('server %s did not become %s: %s\n%s' % (
                getattr(server, 'id', server), status, exc,
                self.diagnostics(lines=30))) from exc

    def boot_active(self, conn=None, name='server', **kwargs):
        conn = conn or self.demo
        started = time.monotonic()
        server = self.wait_status(self.boot(conn, name, **kwargs),
                                  conn=conn)
        fixtures.record_figure(self.dep.backend, 'api1',
                               'last_boot_to_active_s',
                               round(time.monotonic() - started, 3))
        return server

    def wait_gone(self, server_id, conn=None, timeout=BOOT_DEADLINE):
        conn = conn or self.admin

        def gone():
            resp = conn.compute.get('/servers/%s' % server_id)
            return resp.status_code == 404
        fixtures.wait_for(gone, 'server %s to be gone (404)' % server_id,
                          timeout=timeout, interval=POLL,
                          diagnostics=self.diagnostics)

    def host_of(self, server_id):
        """OS-EXT-SRV-ATTR:host of a server, read as admin."""
        body = self.admin.compute.get('/servers/%s' % server_id).json()
        return body['server']['OS-EXT-SRV-ATTR:host']

    def delete_all(self):
        """Delete every server of every project; wait until all are gone."""
        self.ensure_up()
        resp = self.admin.compute.get('/servers?all_tenants=1')
        assert resp.status_code == 200, (resp.status_code, resp.text)
        ids = [s['id'] for s in resp.json()['servers']]
        for server_id in ids:
            self.admin.compute.delete('/servers/%s' % server_id)
        for server_id in ids:
            self.wait_gone(server_id)
        return ids

    # -- the database, read directly (never through the API) ---------------

    def allocation_count(self, consumer):
        return self.dep.db_scalar(
            'SELECT COUNT(*) FROM allocations WHERE consumer_id = :uuid',
            uuid=consumer)

    def instance_count(self, project=None):
        sql = 'SELECT COUNT(*) FROM instances WHERE deleted = 0'
        if project:
            sql += ' AND project_id = :project'
        return self.dep.db_scalar(sql, project=project)
