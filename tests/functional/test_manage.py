"""nova-lite-manage against the running deployment: db, service, host."""

import concurrent.futures

from tests.functional import fixtures


def _alembic_head():
    from alembic.script import ScriptDirectory
    scripts = ScriptDirectory(str(fixtures.REPO / 'nova_lite' / 'db' /
                                  'migrations'))
    return scripts.get_current_head()


def test_db_version_prints_alembic_head(deployment):
    head = _alembic_head()
    assert head, 'no alembic head found in nova_lite/db/migrations'
    printed = deployment.manage('db', 'version').stdout.split()
    assert printed and printed[-1] == head, (printed, head)
    assert deployment.db_scalar(
        'SELECT version_num FROM alembic_version') == head


def test_disable_then_enable_a_compute(healthy):
    dep = healthy
    reason = 'functional test maintenance'
    try:
        dep.manage('service', 'disable', 'compute2', fixtures.COMPUTE,
                   '--reason', reason)
        # Heartbeats (object saves from the compute) do not undo an
        # operator's disable.
        dep.wait_heartbeats(dep.core['compute2'], 2)
        rows = dep.service_list()
        row = dep.service_row('compute2', fixtures.COMPUTE, rows)
        assert row['Status'] == 'disabled', row
        assert row['State'] == 'up', row  # disabled is not down
        # The other compute is untouched.
        assert dep.service_row('compute1', fixtures.COMPUTE,
                               rows)['Status'] == 'enabled'
        db_row = dep.db_service('compute2', fixtures.COMPUTE)
        assert db_row['disabled']
        if 'disabled_reason' in db_row:
            assert db_row['disabled_reason'] == reason, db_row
    finally:
        dep.manage('service', 'enable', 'compute2', fixtures.COMPUTE)
    row = dep.service_row('compute2', fixtures.COMPUTE)
    assert row['Status'] == 'enabled', row
    assert not dep.db_service('compute2', fixtures.COMPUTE)['disabled']


def test_delete_a_stopped_service(deployment, spawned):
    dep = deployment
    proc = spawned(fixtures.COMPUTE, 'compute-deleted')
    dep.wait_registered(proc)
    assert dep.service_row('compute-deleted', fixtures.COMPUTE) is not None
    assert proc.stop(timeout=15) == 0, dep.diagnostics([proc])

    dep.manage('service', 'delete', 'compute-deleted', fixtures.COMPUTE)
    rows = dep.service_list()
    assert dep.service_row('compute-deleted', fixtures.COMPUTE,
                           rows) is None, rows
    assert dep.db_service('compute-deleted', fixtures.COMPUTE) is None
    # Nothing else went with it.
    for host in ('compute1', 'compute2'):
        assert dep.service_row(host, fixtures.COMPUTE, rows) is not None

    again = dep.manage('service', 'delete', 'compute-deleted',
                       fixtures.COMPUTE, check=False)
    assert again.returncode != 0
    assert 'compute-deleted' in again.stdout + again.stderr, again


def test_service_commands_refuse_an_unknown_service(deployment):
    actions = ('disable', 'enable', 'delete')
    with concurrent.futures.ThreadPoolExecutor(len(actions)) as pool:
        results = pool.map(
            lambda action: deployment.manage(
                'service', action, 'no-such-host', fixtures.COMPUTE,
                check=False), actions)
    for action, result in zip(actions, results):
        assert result.returncode != 0, (action, result.stdout)
        output = result.stdout + result.stderr
        assert 'no-such-host' in output, (action, output)
        assert 'Traceback' not in output, (action, output)


def test_host_list_shows_each_computes_fake_resources(healthy):
    dep = healthy

    def nodes():
        rows = {r['Host']: r for r in dep.host_list()}
        return all(h in rows for h in fixtures.COMPUTE_RESOURCES) and rows
    rows = fixtures.wait_for(nodes, 'both computes in host list',
                             diagnostics=dep.diagnostics)
    for host, resources in fixtures.COMPUTE_RESOURCES.items():
        row = rows[host]
        assert int(row['vCPUs']) == resources['vcpus'], row
        assert int(row['Memory MB']) == resources['memory_mb'], row
        assert int(row['Local GB']) == resources['local_gb'], row
        assert row['Hypervisor Hostname'], row
        assert int(row['vCPUs Used']) == 0, row
        assert int(row['Running VMs']) == 0, row
    # Only computes have nodes.
    assert not {'conductor1', 'scheduler1'} & set(rows), rows
