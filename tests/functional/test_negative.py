"""Schema-driven negative bodies against the real processes.

The cases come from ``tests/negative.py`` (generated from each route's own
request schema, at the lowest and the highest microversion it takes), run
in a child process so that this one never imports nova_lite. Here they go
to the write routes users reach most: servers create, the server actions,
server metadata, flavors, keypairs, server groups, quota sets and
os-services. Each must be a 400 with Nova's ``badRequest`` body and a
message, never a 5xx, and the database must hold exactly the rows it held
before (servers, metadata, flavors and their specs and access, key pairs,
server groups and members, quotas, instance actions, disabled services).
The number of cases per route and version is recorded as a figure.
"""

import collections
import json
import subprocess
import sys

import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures
from tests.functional import sdk

pytestmark = cloud_mod.ONE_BACKEND

ADMIN_TOKEN = sdk.token(*cloud_mod.ADMIN)

# Route key prefixes this suite sends (the unit suite sends every route).
PREFIXES = ('POST /v2.1/servers', 'PUT /v2.1/servers',
            'POST /v2.1/flavors', 'PUT /v2.1/flavors',
            'POST /v2.1/os-keypairs', 'POST /v2.1/os-server-groups',
            'PUT /v2.1/os-quota-sets', 'PUT /v2.1/os-services')

# The rows a refused request must not change.
COUNTS = {
    'servers': 'SELECT COUNT(*) FROM instances WHERE deleted = 0',
    'metadata': 'SELECT COUNT(*) FROM instance_metadata',
    'metadata values': 'SELECT COALESCE(SUM(LENGTH(value)), 0) '
                       'FROM instance_metadata',
    'flavors': 'SELECT COUNT(*) FROM flavors',
    'extra specs': 'SELECT COUNT(*) FROM flavor_extra_specs',
    'flavor access': 'SELECT COUNT(*) FROM flavor_projects',
    'keypairs': 'SELECT COUNT(*) FROM key_pairs',
    'server groups': 'SELECT COUNT(*) FROM instance_groups',
    'group members': 'SELECT COUNT(*) FROM instance_group_member',
    'quotas': 'SELECT COUNT(*) FROM quotas',
    'instance actions': 'SELECT COUNT(*) FROM instance_actions',
    'disabled services': 'SELECT COUNT(*) FROM services WHERE disabled',
}


def _generated():
    """Every case of every write route (from a child process)."""
    out = subprocess.run(
        [sys.executable, '-m', 'tests.negative'], cwd=str(fixtures.REPO),
        env=fixtures.child_env(), check=True, capture_output=True,
        timeout=300).stdout
    return [case for case in json.loads(out)
            if case['key'].startswith(PREFIXES)]


@pytest.fixture(scope='module')
def generated():
    return _generated()


def _counts(cloud):
    return {name: cloud.dep.db_scalar(sql) for name, sql in COUNTS.items()}


def _path(template, version, ids):
    values = dict(ids)
    if template.startswith('/v2.1/os-services/'):
        major, minor = (int(p) for p in version.split('.'))
        values['service_id'] = (ids['service_uuid'] if (major, minor) >= (
            2, 53) else 'disable')
    return template.format(**values)


def _refused(response, label):
    assert response.status_code == 400, (label, response.status_code,
                                         response.text[:500])
    body = cloud_mod.validate('error', None, response.json(), code=400)
    assert body['badRequest']['message'].strip(), label


def test_invalid_bodies_are_refused(cloud, generated):
    server = cloud.boot_active(name='target')
    ids = {'server_id': server.id, 'flavor_id': cloud.flavors['nl.tiny'],
           'key': 'color', 'project_id': 'demo',
           # Bodies are checked before the service is looked up.
           'service_uuid': '2f7c0c5c-8f8e-4a8e-9a53-6f3c0ad0c0de'}
    assert generated
    before = _counts(cloud)
    per_route = collections.Counter()
    for case in generated:
        path = _path(case['path'], case['version'], ids)
        response = cloud.request(case['method'], path, token=ADMIN_TOKEN,
                                 version=case['version'],
                                 json=case['body'])
        label = '%s @%s %s' % (case['key'], case['version'], case['case'])
        _refused(response, label)
        per_route['%s @%s' % (case['key'], case['version'])] += 1
    assert _counts(cloud) == before
    fixtures.record_figure(cloud.dep.backend, '_negative', 'cases',
                           dict(sorted(per_route.items())))
    fixtures.record_figure(cloud.dep.backend, '_negative', 'total',
                           sum(per_route.values()))
