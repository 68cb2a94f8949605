"""RPC across the real broker, from a compute-like process (rpc_probe.py)."""

from tests.functional import fixtures


def test_every_service_answers_ping(healthy):
    dep = healthy
    targets = {
        'conductor': fixtures.CONDUCTOR,
        'scheduler': fixtures.SCHEDULER,
        'compute:compute1': fixtures.COMPUTE,
        'compute:compute2': fixtures.COMPUTE,
    }
    probe = dep.rpc_probe(*['--ping=%s' % t for t in targets])
    for target, binary in targets.items():
        answer = probe['pings'][target]
        assert 'error' not in answer, (target, answer)
        assert answer['arg'] == 'probe-%s' % target, answer
        topic, _, server = target.partition(':')
        assert answer['service'] in (binary, topic), answer
        if server:
            # A compute answers on its own queue only.
            assert answer['host'] == server, answer
        else:
            assert answer['host'] == {'conductor': 'conductor1',
                                      'scheduler': 'scheduler1'}[topic]


def test_conductor_answers_at_the_callers_object_version(healthy):
    """A remotable call reaches the conductor and comes back at our version.

    The probe is configured like a compute (no [database]); it asks for the
    Service of compute1 once as a 1.0 peer and once as a 1.1 peer, and once
    through the ordinary remotable classmethod.
    """
    dep = healthy
    probe = dep.rpc_probe(
        '--service=compute1:%s:1.0' % fixtures.COMPUTE,
        '--service=compute1:%s:1.1' % fixtures.COMPUTE,
        '--remotable=compute1:%s' % fixtures.COMPUTE)

    old = probe['services']['compute1:%s:1.0' % fixtures.COMPUTE]
    assert 'error' not in old, old
    assert old['obj_name'] == 'Service'
    assert old['version'] == '1.0' and old['wire_version'] == '1.0', old
    assert 'uuid' not in old['set_fields'], old
    assert old['values']['host'] == 'compute1'
    assert old['values']['binary'] == fixtures.COMPUTE

    new = probe['services']['compute1:%s:1.1' % fixtures.COMPUTE]
    assert 'error' not in new, new
    assert new['version'] == '1.1' and new['wire_version'] == '1.1', new
    assert 'uuid' in new['set_fields'] and new['values']['uuid'], new
    assert new['values']['id'] == old['values']['id']

    direct = probe['remotable']['compute1:%s' % fixtures.COMPUTE]
    assert 'error' not in direct, direct
    assert direct['values']['id'] == old['values']['id']
    assert direct['values']['uuid'] == new['values']['uuid']
    # It is the live row: the report count is the heartbeat's.
    assert direct['values']['report_count'] >= 1
