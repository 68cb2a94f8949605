"""Concurrent conflicting actions on one server: exactly one wins.

50 times, two threads released together by a barrier send two actions
that exclude each other from an ACTIVE server (os-stop / pause / suspend:
each is allowed from ACTIVE only, with no task, and leaves the server in a
state the other is refused in). Each pair must end with one 202 and one
409 (Nova's "Cannot '<action>' instance <id> while it is in ..."), the
server settling in the state of the accepted action; the test then undoes
it (os-start / unpause / resume) for the next pair.

Afterwards the server's instance actions are counted: one per accepted
request (the create, 50 winners, 50 undos), none for a refused one, and
each with exactly one compute event that succeeded: no action ran twice.
"""

import collections
import concurrent.futures
import re
import threading

from tests.functional import actions as helpers
from tests.functional import cloud as cloud_mod
from tests.functional import fixtures

pytestmark = cloud_mod.ONE_BACKEND

PAIRS = 50
# action -> (status once done, the action that undoes it, its event)
OUTCOMES = {
    'os-stop': ('SHUTOFF', 'os-start', 'compute_stop_instance'),
    'pause': ('PAUSED', 'unpause', 'compute_pause_instance'),
    'suspend': ('SUSPENDED', 'resume', 'compute_suspend_instance'),
}
RACES = [('os-stop', 'pause'), ('pause', 'suspend'), ('suspend', 'os-stop')]
UNDO_EVENTS = {'os-start': 'compute_start_instance',
               'unpause': 'compute_unpause_instance',
               'resume': 'compute_resume_instance'}
CONFLICT = re.compile(r"^Cannot '(stop|pause|suspend)' instance %s while "
                      r"it is in (vm_state|task_state) [a-z_-]+$")


def _race(cloud, pool, server_id, first, second):
    """Send both actions at once; [(name, response)] in send order."""
    barrier = threading.Barrier(2)

    def send(name):
        barrier.wait(timeout=30)
        return name, helpers.action(cloud, server_id, {name: None})
    futures = [pool.submit(send, name) for name in (first, second)]
    return [future.result(timeout=60) for future in futures]


def test_fifty_conflicting_pairs(api_cloud):
    cloud = api_cloud
    server = helpers.module_server(cloud, 'race')
    conflict = re.compile(CONFLICT.pattern % server.id)
    accepted = {}        # request id -> action name (winners and undos)
    refused = []         # request ids of the 409s
    refused_by = collections.Counter()   # 'vm_state' / 'task_state'
    wins = collections.Counter()
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for index in range(PAIRS):
                first, second = RACES[index % len(RACES)]
                results = _race(cloud, pool, server.id, first, second)
                codes = sorted(resp.status_code for _n, resp in results)
                assert codes == [202, 409], (index, [
                    (n, r.status_code, r.text) for n, r in results])
                for name, resp in results:
                    request_id = resp.headers['x-openstack-request-id']
                    if resp.status_code == 202:
                        winner = name
                        accepted[request_id] = name
                        continue
                    message = cloud_mod.assert_fault(resp, 409)
                    match = conflict.match(message)
                    assert match, message
                    refused.append(request_id)
                    refused_by[match.group(2)] += 1
                wins[winner] += 1
                status, undo, _event = OUTCOMES[winner]
                settled = helpers.wait_settled(cloud, server.id, status)
                assert settled['OS-EXT-STS:vm_state'] == {
                    'SHUTOFF': 'stopped', 'PAUSED': 'paused',
                    'SUSPENDED': 'suspended'}[status], settled
                resp = helpers.action(cloud, server.id, {undo: None})
                assert resp.status_code == 202, resp.text
                accepted[resp.headers['x-openstack-request-id']] = undo
                helpers.wait_settled(cloud, server.id, 'ACTIVE')
        fixtures.record_figure(cloud.dep.backend, 'api1', 'race_counts', {
            'pairs': PAIRS, 'accepted': PAIRS, 'refused': len(refused),
            'refused_by': dict(refused_by), 'wins': dict(wins)})
        _check_history(cloud, server.id, accepted, refused)
    finally:
        cloud.delete_all()


def _check_history(cloud, server_id, accepted, refused):
    """One instance action per accepted request, none for a refused one,
    each with exactly one compute event, finished with success."""
    recorded = helpers.actions(cloud, server_id)
    by_request = collections.Counter(a['request_id'] for a in recorded)
    assert len(recorded) == 1 + 2 * PAIRS, len(recorded)
    assert all(count == 1 for count in by_request.values()), by_request
    assert not set(refused) & set(by_request)
    names = {'os-stop': 'stop', 'os-start': 'start'}
    for item in recorded:
        if item['action'] == 'create':
            continue
        name = accepted[item['request_id']]
        assert item['action'] == names.get(name, name), item
        detail = helpers.action_detail(cloud, server_id, item['request_id'])
        event = (OUTCOMES[name][2] if name in OUTCOMES
                 else UNDO_EVENTS[name])
        assert [(e['event'], e['result']) for e in detail['events']] == [
            (event, 'Success')], detail
