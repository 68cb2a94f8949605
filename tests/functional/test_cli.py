"""The ``openstack`` CLI, unchanged, against the multi-process deployment.

Each test runs the ``openstack`` binary installed next to this Python as a
subprocess, with nothing but a ``clouds.yaml`` (the one
``tools/quickstart.sh`` writes, pointed at this cloud's API) and
``OS_CLOUD``, and reads its ``-f json`` output. Two clouds: ``nl-admin``
(user admin) and ``nl-demo`` (user demo, a member of project demo).

The clouds use keystoneauth's ``v3token`` plugin with a noauth2 token:
nova-lite-api's ``/identity`` answers identity v3 discovery and turns the
token into a Keystone-style token with a catalog of compute and image (see
``nova_lite/api/openstack/identity.py``), so the CLI finds its endpoints as
with Keystone and knows there is no volume service (``limits show``).
``nl-static`` is the other recipe, without a catalog: ``admin_token`` with
endpoint overrides, as ``sdk.py`` uses.
"""

import json
import os
import pathlib
import signal
import subprocess
import sys
import uuid

import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures

pytestmark = cloud_mod.ONE_BACKEND

OPENSTACK = pathlib.Path(sys.executable).parent / 'openstack'
IMAGE = 'cli-cirros'
FLAVOR = 'nl.tiny'          # made by Cloud.bootstrap: 256 MB, 1 vCPU, 1 GB
CLI_TIMEOUT = 120

CLOUDS_YAML = """\
clouds:
  nl-admin:
    auth_type: v3token
    auth:
      auth_url: {url}/identity
      token: "admin:admin"
    region_name: RegionOne
  nl-demo:
    auth_type: v3token
    auth:
      auth_url: {url}/identity
      token: "demo:demo"
    region_name: RegionOne
  nl-static:
    auth_type: admin_token
    auth:
      endpoint: {url}/identity
      token: "demo:demo"
    compute_endpoint_override: {url}/v2.1
    image_endpoint_override: {url}/image
    region_name: RegionOne
"""

# Images made by this module, per Cloud (one nova-lite-manage call each).
_IMAGES = set()


class CLI:
    """``openstack`` with a clouds.yaml; :meth:`json` / :meth:`run`."""

    def __init__(self, clouds_path, diagnostics):
        self.clouds_path = clouds_path
        self.diagnostics = diagnostics

    def run(self, *args, cloud='nl-admin', version=None, check=True):
        """The CompletedProcess of ``openstack [--os-compute-api-version
        VERSION] ARGS``; with ``check``, fail unless it exits 0."""
        if not OPENSTACK.is_file():
            pytest.fail('%s not found: install python-openstackclient '
                        "(pip install -c upper-constraints.txt -e '.[test]')"
                        % OPENSTACK)
        cmd = [str(OPENSTACK)]
        if version is not None:
            cmd += ['--os-compute-api-version', version]
        cmd += [str(a) for a in args]
        # Only the clouds.yaml speaks: no OS_* of the developer's shell.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        env.update(OS_CLIENT_CONFIG_FILE=str(self.clouds_path),
                   OS_CLOUD=cloud)
        result = subprocess.run(cmd, capture_output=True, text=True,
                                env=env, timeout=CLI_TIMEOUT,
                                stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise AssertionError(
                '%s exited with %d\nstdout:\n%s\nstderr:\n%s\n%s' % (
                    ' '.join(cmd[1:]), result.returncode, result.stdout,
                    result.stderr[-4000:], self.diagnostics(lines=20)))
        return result

    def json(self, *args, **kwargs):
        """The parsed ``-f json`` output of a show/list/create command."""
        result = self.run(*(args + ('-f', 'json')), **kwargs)
        return json.loads(result.stdout)


@pytest.fixture
def cli(cloud, tmp_path):
    path = tmp_path / 'clouds.yaml'
    path.write_text(CLOUDS_YAML.format(url=cloud.url))
    return CLI(path, cloud.diagnostics)


@pytest.fixture
def image(cloud):
    """The name of an image only this module uses (so it is unique)."""
    if id(cloud) not in _IMAGES:
        cloud.dep.manage('image', 'create', '--name', IMAGE)
        _IMAGES.add(id(cloud))
    return IMAGE


def _unique(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def _by(rows, key, value):
    found = [row for row in rows if row[key] == value]
    assert len(found) == 1, (key, value, rows)
    return found[0]


# --------------------------------------------------------------------------
# flavors
# --------------------------------------------------------------------------

def test_flavor_create_list_delete(cli):
    name = _unique('cli-flavor')
    made = cli.json('flavor', 'create', '--ram', 128, '--vcpus', 2,
                    '--disk', 3, '--description', 'made by the CLI', name,
                    version='2.55')
    try:
        assert (made['name'], made['ram'], made['vcpus'], made['disk']) == (
            name, 128, 2, 3)
        assert made['description'] == 'made by the CLI'
        assert made['os-flavor-access:is_public'] is True
        listed = cli.json('flavor', 'list')
        row = _by(listed, 'Name', name)
        assert (row['ID'], row['RAM'], row['VCPUs'], row['Disk']) == (
            made['id'], 128, 2, 3)
        assert _by(cli.json('flavor', 'list', cloud='nl-demo'), 'Name',
                   name)['ID'] == made['id']
    finally:
        cli.run('flavor', 'delete', made['id'])
    assert name not in [f['Name'] for f in cli.json('flavor', 'list')]


def test_flavor_create_is_for_admins(cli):
    result = cli.run('flavor', 'create', '--ram', 128, _unique('cli-no'),
                     cloud='nl-demo', check=False)
    assert result.returncode != 0
    assert '403' in result.stderr, result.stderr


# --------------------------------------------------------------------------
# servers
# --------------------------------------------------------------------------

@pytest.mark.parametrize('version', [None, '2.60'])
def test_server_create_list_show_delete(cli, cloud, image, version):
    name = _unique('cli-vm')
    server = cli.json('server', 'create', '--image', image, '--flavor',
                      FLAVOR, '--wait', name, cloud='nl-demo',
                      version=version)
    assert server['name'] == name
    assert server['status'] == 'ACTIVE'
    assert image in server['image']
    # A name before 2.47, the embedded flavor from 2.47 on.
    flavor = server['flavor']
    assert (flavor['original_name'] if isinstance(flavor, dict)
            else flavor.split(' ')[0]) == FLAVOR
    assert cloud_mod.UUID_RE.fullmatch(server['id'])

    listed = cli.json('server', 'list', cloud='nl-demo', version=version)
    row = _by(listed, 'ID', server['id'])
    assert (row['Name'], row['Status'], row['Image']) == (
        name, 'ACTIVE', image)
    assert row['Flavor'] == FLAVOR
    # Another project sees nothing of it; the admin sees it with --all.
    assert cli.json('server', 'list') == []
    assert _by(cli.json('server', 'list', '--all-projects',
                        version=version), 'ID', server['id'])

    shown = cli.json('server', 'show', name, cloud='nl-demo',
                     version=version)
    assert (shown['id'], shown['status'], shown['project_id']) == (
        server['id'], 'ACTIVE', 'demo')
    assert shown['addresses'] or shown['addresses'] == {}

    cli.run('server', 'delete', '--wait', name, cloud='nl-demo',
            version=version)
    assert cli.json('server', 'list', cloud='nl-demo') == []
    assert cloud.instance_count('demo') == 0


def test_server_show_at_260_has_the_new_fields(cli, cloud, image):
    name = _unique('cli-vm')
    cli.json('server', 'create', '--image', image, '--flavor', FLAVOR,
             '--wait', name, version='2.60')
    shown = cli.json('server', 'show', name, version='2.60')
    # 2.47: the flavor embedded; 2.9: locked; 2.26: tags.
    assert isinstance(shown['flavor'], (dict, str))
    assert 'locked' in shown and 'tags' in shown
    assert shown['OS-EXT-SRV-ATTR:host'] in fixtures.COMPUTE_RESOURCES
    cli.run('server', 'delete', '--wait', name)


def test_static_endpoints_without_a_catalog(cli, cloud, image):
    """admin_token + endpoint overrides: the recipe without a catalog."""
    name = _unique('cli-vm')
    cli.json('server', 'create', '--image', image, '--flavor', FLAVOR,
             '--wait', name, cloud='nl-static')
    assert [s['Name'] for s in cli.json('server', 'list',
                                        cloud='nl-static')] == [name]
    cli.run('server', 'delete', '--wait', name, cloud='nl-static')


def test_unknown_image_is_a_clear_error(cli):
    result = cli.run('server', 'create', '--image', 'no-such-image',
                     '--flavor', FLAVOR, _unique('cli-vm'), check=False)
    assert result.returncode != 0
    assert 'no-such-image' in result.stderr, result.stderr


# --------------------------------------------------------------------------
# keypairs (os-keypairs)
# --------------------------------------------------------------------------

def test_keypair_create_list_show_delete(cli, tmp_path):
    generated = _unique('cli-key')
    private = tmp_path / 'id_ed25519'
    made = cli.json('keypair', 'create', '--private-key', private,
                    generated, cloud='nl-demo')
    assert made['name'] == generated and made['fingerprint']
    assert private.read_text().startswith('-----BEGIN OPENSSH PRIVATE KEY')

    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives import serialization
    public = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    public_file = tmp_path / 'uploaded.pub'
    public_file.write_bytes(public + b' cli@test\n')
    uploaded = _unique('cli-key')
    cli.json('keypair', 'create', '--public-key', public_file, uploaded,
             cloud='nl-demo')

    listed = cli.json('keypair', 'list', cloud='nl-demo')
    names = {row['Name'] for row in listed}
    assert {generated, uploaded} <= names
    assert _by(listed, 'Name', generated)['Fingerprint'] == \
        made['fingerprint']
    shown = cli.json('keypair', 'show', uploaded, cloud='nl-demo')
    assert shown['name'] == uploaded
    # Keypairs are per user: the admin does not list demo's.
    assert not {generated, uploaded} & {
        row['Name'] for row in cli.json('keypair', 'list')}

    cli.run('keypair', 'delete', generated, uploaded, cloud='nl-demo')
    assert not {generated, uploaded} & {
        row['Name'] for row in cli.json('keypair', 'list', cloud='nl-demo')}


# --------------------------------------------------------------------------
# hypervisors (os-hypervisors)
# --------------------------------------------------------------------------

def test_hypervisor_list_and_show(cli, cloud):
    expected = {row['Hypervisor Hostname']: row
                for row in cloud.dep.host_list()}
    listed = cli.json('hypervisor', 'list')
    by_name = {row['Hypervisor Hostname']: row for row in listed}
    assert set(expected) <= set(by_name), (expected, listed)
    for row in listed:
        assert row['State'] in ('up', 'down')
    # One of the deployment's own computes: other tests start (and stop)
    # computes of their own, which may be down by now.
    name = sorted(fixtures.COMPUTE_RESOURCES)[0]
    shown = cli.json('hypervisor', 'show', name)
    assert shown['hypervisor_hostname'] == name
    assert shown['state'] == 'up' and shown['status'] == 'enabled'
    if 'vcpus' in shown:  # before 2.88, the resources are shown
        assert int(shown['vcpus']) == int(expected[name]['vCPUs'])
        assert int(shown['memory_mb']) == int(expected[name]['Memory MB'])


def test_hypervisors_are_for_admins(cli):
    result = cli.run('hypervisor', 'list', cloud='nl-demo', check=False)
    assert result.returncode != 0 and '403' in result.stderr, result.stderr


# --------------------------------------------------------------------------
# compute services (os-services)
# --------------------------------------------------------------------------

def test_compute_service_list(cli):
    listed = cli.json('compute', 'service', 'list')
    binaries = {(row['Host'], row['Binary']) for row in listed}
    for host in fixtures.COMPUTE_RESOURCES:
        assert (host, fixtures.COMPUTE) in binaries, listed
    compute1 = _by([r for r in listed if r['Binary'] == fixtures.COMPUTE],
                   'Host', 'compute1')
    assert (compute1['Status'], compute1['State'], compute1['Zone']) == (
        'enabled', 'up', 'nova')
    only = cli.json('compute', 'service', 'list', '--service',
                    fixtures.COMPUTE)
    assert {row['Binary'] for row in only} == {fixtures.COMPUTE}


def test_compute_service_set_disable_enable_down_up(cli):
    def row():
        return _by(cli.json('compute', 'service', 'list', '--long',
                            '--host', 'compute2', version='2.60'),
                   'Binary', fixtures.COMPUTE)
    try:
        cli.run('compute', 'service', 'set', '--disable',
                '--disable-reason', 'cli maintenance', 'compute2',
                fixtures.COMPUTE, version='2.60')
        disabled = row()
        assert disabled['Status'] == 'disabled'
        assert disabled['Disabled Reason'] == 'cli maintenance'
        cli.run('compute', 'service', 'set', '--down', 'compute2',
                fixtures.COMPUTE, version='2.60')
        assert row()['State'] == 'down'
        assert row()['Forced Down'] is True
    finally:
        cli.run('compute', 'service', 'set', '--up', '--enable',
                'compute2', fixtures.COMPUTE, version='2.60')
    restored = row()
    assert (restored['Status'], restored['State']) == ('enabled', 'up')


def test_compute_service_delete(cli, cloud, spawned):
    proc = spawned(fixtures.COMPUTE, 'cli-compute')
    cloud.dep.wait_registered(proc)
    proc.signal(signal.SIGTERM)
    assert proc.stop(timeout=15, signalled=True) == 0
    row = _by(cli.json('compute', 'service', 'list', '--host',
                       'cli-compute', version='2.60'),
              'Binary', fixtures.COMPUTE)
    assert cloud_mod.UUID_RE.fullmatch(str(row['ID']))
    cli.run('compute', 'service', 'delete', row['ID'], version='2.60')
    assert cli.json('compute', 'service', 'list', '--host',
                    'cli-compute') == []
    assert cloud.dep.db_service('cli-compute', fixtures.COMPUTE) is None


# --------------------------------------------------------------------------
# availability zones and limits
# --------------------------------------------------------------------------

def test_availability_zone_list_compute(cli):
    zones = cli.json('availability', 'zone', 'list', '--compute')
    assert {'Zone Name': 'nova', 'Zone Status': 'available'} in [
        {k: z[k] for k in ('Zone Name', 'Zone Status')} for z in zones]
    long = cli.json('availability', 'zone', 'list', '--compute', '--long')
    hosts = {z.get('Host Name') for z in long if z['Zone Name'] == 'nova'}
    assert set(fixtures.COMPUTE_RESOURCES) <= hosts, long


def test_limits_show_absolute_counts_usage(cli, image):
    def absolute():
        rows = cli.json('limits', 'show', '--absolute', cloud='nl-demo')
        return {row['Name']: row['Value'] for row in rows}

    before = absolute()
    # The CLI names them after openstacksdk's attributes.
    for name in ('max_total_instances', 'max_total_cores',
                 'max_total_ram_size', 'max_total_keypairs',
                 'max_server_groups'):
        assert name in before, before
    assert before['total_instances_used'] == 0
    server = cli.json('server', 'create', '--image', image, '--flavor',
                      FLAVOR, '--wait', _unique('cli-vm'), cloud='nl-demo')
    after = absolute()
    assert after['total_instances_used'] == 1
    assert after['total_cores_used'] == before['total_cores_used'] + 1
    assert after['total_ram_used'] == before['total_ram_used'] + 256
    cli.run('server', 'delete', '--wait', server['id'], cloud='nl-demo')
