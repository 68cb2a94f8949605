"""select_destinations: filter, weigh, claim, alternates, all-or-nothing.

Runs on the real objects (SQLite), so the claims are the conductor's.
"""

from unittest import mock

import oslo_messaging as messaging
from oslo_utils import uuidutils
import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import manager
from tests.unit import boot_fakes
from tests.unit.objects import fake_conductor

ORIGINAL_CLAIM = objects.AllocationList.claim


@pytest.fixture
def scheduler(db, conf):
    return _Unwrapped(manager.SchedulerManager(host='sched'))


@pytest.fixture
def two_hosts(ctx, db):
    return (boot_fakes.add_compute(ctx, 'host1'),
            boot_fakes.add_compute(ctx, 'host2'))


class _Unwrapped:
    """The manager as its callers see it: NoValidHost, not the
    ExpectedException wrapper that keeps it out of the server's log."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def select_destinations(self, *args, **kwargs):
        try:
            return self.scheduler.select_destinations(*args, **kwargs)
        except messaging.ExpectedException as exc:
            raise exc.exc_info[1]


def _uuids(n):
    return [uuidutils.generate_uuid() for _ in range(n)]


def test_spreads_a_multi_create_over_two_hosts(scheduler, ctx, two_hosts):
    uuids = _uuids(2)
    spec = boot_fakes.request_spec(ctx, num_instances=2)
    result = scheduler.select_destinations(ctx, spec, uuids)
    chosen = [sels[0].service_host for sels in result]
    assert sorted(chosen) == ['host1', 'host2']
    for uuid, sels in zip(uuids, result):
        node = {n.host: n for n in two_hosts}[sels[0].service_host]
        assert sels[0].compute_node_uuid == node.uuid
        assert sels[0].allocation == {'VCPU': 1, 'MEMORY_MB': 1024,
                                      'DISK_GB': 10}
        assert sels[0].availability_zone == 'nova'
        # Claimed in the database, on that node only.
        assert boot_fakes.usage_of(ctx, uuid) == {
            node.uuid: {'VCPU': 1, 'MEMORY_MB': 1024, 'DISK_GB': 10}}
        # The other host is the alternate, unclaimed.
        assert [s.service_host for s in sels[1:]] == [
            h for h in ('host1', 'host2') if h != sels[0].service_host]


def test_fills_the_emptier_host_first(scheduler, ctx, conf, db):
    conf.config(cpu_weight_multiplier=0.0, disk_weight_multiplier=0.0,
                group='filter_scheduler')
    boot_fakes.add_compute(ctx, 'small', memory_mb=4096)
    boot_fakes.add_compute(ctx, 'big', memory_mb=16384)
    spec = boot_fakes.request_spec(ctx, num_instances=4)
    result = scheduler.select_destinations(ctx, spec, _uuids(4))
    # big has 16G free vs 4G: it takes instances while it has the most
    # free RAM.
    assert [s[0].service_host for s in result] == ['big'] * 4


def test_no_valid_host(scheduler, ctx, two_hosts):
    spec = boot_fakes.request_spec(ctx, boot_fakes.flavor(memory_mb=9000))
    uuid = _uuids(1)
    with pytest.raises(exception.NoValidHost) as err:
        scheduler.select_destinations(ctx, spec, uuid)
    assert err.value.format_message() == (
        'No valid host was found. There are not enough hosts available.')
    assert 'RamFilter: (start: 2, end: 0)' in err.value.kwargs['details']
    assert boot_fakes.usage_of(ctx, uuid[0]) == {}


def test_partial_fit_releases_what_was_claimed(scheduler, ctx, db):
    boot_fakes.add_compute(ctx, 'host1', memory_mb=2048)
    spec = boot_fakes.request_spec(ctx, num_instances=3)
    uuids = _uuids(3)
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, spec, uuids)
    for uuid in uuids:
        assert boot_fakes.usage_of(ctx, uuid) == {}


def test_lost_claim_moves_to_the_next_host(scheduler, ctx, two_hosts):
    calls = []

    def claim(context, node_uuid, *args):
        calls.append(node_uuid)
        if len(calls) == 1:
            raise exception.ResourceClaimFailed(
                requested=1024, resource_class='MEMORY_MB', node=node_uuid,
                free=0)
        return ORIGINAL_CLAIM(context, node_uuid, *args)

    uuid = _uuids(1)
    with mock.patch.object(objects.AllocationList, 'claim',
                           side_effect=claim):
        result = scheduler.select_destinations(
            ctx, boot_fakes.request_spec(ctx), uuid)
    assert len(calls) == 2
    assert result[0][0].compute_node_uuid == calls[1]
    # The host that refused is no alternate.
    assert result[0][1:] == []


def test_alternates_are_capped_by_max_attempts(scheduler, ctx, conf, db):
    for i in range(5):
        boot_fakes.add_compute(ctx, 'host%d' % i)
    conf.config(max_attempts=3, group='scheduler')
    spec = boot_fakes.request_spec(ctx)
    result = scheduler.select_destinations(ctx, spec, _uuids(1))
    assert len(result[0]) == 3
    assert len({s.service_host for s in result[0]}) == 3
    alternate = result[0][1]
    assert alternate.allocation == result[0][0].allocation
    assert len(scheduler.select_destinations(
        ctx, spec, _uuids(1), return_alternates=False)[0]) == 1


def test_forced_host_skips_the_filters(scheduler, ctx, two_hosts):
    # Zone 'other' matches no host: the forced host skips that filter too.
    spec = boot_fakes.request_spec(ctx, availability_zone='other:host2')
    result = scheduler.select_destinations(ctx, spec, _uuids(1))
    assert [s.service_host for s in result[0]] == ['host2']


def test_forced_host_that_does_not_fit(scheduler, ctx, two_hosts):
    spec = boot_fakes.request_spec(ctx, boot_fakes.flavor(memory_mb=9000),
                                   force_hosts=['host1'])
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, spec, _uuids(1))


def test_ignore_hosts_and_zone(scheduler, ctx, db):
    boot_fakes.add_compute(ctx, 'a1', zone='az1')
    boot_fakes.add_compute(ctx, 'a2', zone='az1')
    boot_fakes.add_compute(ctx, 'b1', zone='az2')
    spec = boot_fakes.request_spec(ctx, availability_zone='az1',
                                   ignore_hosts=['a1'])
    result = scheduler.select_destinations(ctx, spec, _uuids(1))
    assert [s.service_host for s in result[0]] == ['a2']


def test_disabled_host_is_not_chosen(scheduler, ctx, two_hosts):
    svc = objects.Service.get_by_host_and_binary(ctx, 'host1',
                                                 'nova-lite-compute')
    svc.disabled = True
    svc.save()
    result = scheduler.select_destinations(
        ctx, boot_fakes.request_spec(ctx, num_instances=2), _uuids(2))
    assert {s[0].service_host for s in result} == {'host2'}


def test_same_and_different_host_hints(scheduler, ctx, two_hosts):
    spec = boot_fakes.request_spec(ctx)
    first = boot_fakes.create_instances(ctx, spec)[0]
    first.host = 'host1'
    first.save()
    near = boot_fakes.request_spec(
        ctx, scheduler_hints={'same_host': [first.uuid]})
    far = boot_fakes.request_spec(
        ctx, scheduler_hints={'different_host': [first.uuid]})
    for _ in range(2):
        assert scheduler.select_destinations(
            ctx, near, _uuids(1))[0][0].service_host == 'host1'
        assert scheduler.select_destinations(
            ctx, far, _uuids(1))[0][0].service_host == 'host2'


def test_image_properties_come_from_the_spec(scheduler, ctx, two_hosts):
    image = objects.Image(id=uuidutils.generate_uuid(),
                          properties={'img_hv_type': 'kvm'})
    spec = boot_fakes.request_spec(ctx, image=image, image_ref=image.id)
    with pytest.raises(exception.NoValidHost) as err:
        scheduler.select_destinations(ctx, spec, _uuids(1))
    assert 'ImagePropertiesFilter: (start: 2, end: 0)' in (
        err.value.kwargs['details'])


def test_round_trips(scheduler, ctx, two_hosts):
    """One call for the host states, one claim per instance."""
    spec = boot_fakes.request_spec(ctx, num_instances=3)
    with boot_fakes.indirection(fake_conductor.FakeConductor()) as fake:
        scheduler.select_destinations(ctx, spec, _uuids(3))
    assert fake.calls == [('HostStateList', 'get_all')] + [
        ('AllocationList', 'claim')] * 3


def test_no_valid_host_is_an_expected_exception(scheduler, ctx, db):
    # oslo.messaging sends it to the caller without logging a traceback.
    with pytest.raises(messaging.ExpectedException) as err:
        scheduler.scheduler.select_destinations(
            ctx, boot_fakes.request_spec(ctx), _uuids(1))
    assert isinstance(err.value.exc_info[1], exception.NoValidHost)


def test_image_looked_up_when_the_spec_has_none(scheduler, ctx, two_hosts):
    image = objects.Image(ctx, name='i', visibility='public', owner='p1',
                          properties={'hw_architecture': 'aarch64'})
    image.create()
    spec = boot_fakes.request_spec(ctx, image_ref=image.id)
    spec.obj_reset_changes()
    del spec.image
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, spec, _uuids(1))
    # A missing image: no properties, no filter problem.
    spec.image_ref = uuidutils.generate_uuid()
    assert scheduler.select_destinations(ctx, spec, _uuids(1))


def _group(ctx, policy, **values):
    group = objects.InstanceGroup(ctx, name='g', project_id=ctx.project_id,
                                  user_id=ctx.user_id, policy=policy,
                                  **values)
    group.create()
    return group


def _group_spec(ctx, group, count=1):
    return boot_fakes.request_spec(
        ctx, num_instances=count, instance_group=objects.InstanceGroup(
            uuid=group.uuid, policy=group.policy, rules=group.rules))


def test_anti_affinity_group_spreads_then_fails(scheduler, ctx, two_hosts):
    group = _group(ctx, 'anti-affinity')
    spec = _group_spec(ctx, group, count=2)
    members = boot_fakes.create_instances(ctx, spec, count=2)
    result = scheduler.select_destinations(ctx, spec,
                                           [m.uuid for m in members])
    assert sorted(s[0].service_host for s in result) == ['host1', 'host2']
    spec = _group_spec(ctx, group)
    (third,) = boot_fakes.create_instances(ctx, spec)
    with pytest.raises(exception.NoValidHost) as err:
        scheduler.select_destinations(ctx, spec, [third.uuid])
    assert 'ServerGroupAntiAffinityFilter: (start: 2, end: 0)' in (
        err.value.kwargs['details'])


def test_affinity_group_keeps_members_together(scheduler, ctx, two_hosts):
    group = _group(ctx, 'affinity')
    hosts = set()
    for _ in range(3):
        spec = _group_spec(ctx, group)
        (member,) = boot_fakes.create_instances(ctx, spec)
        hosts.add(scheduler.select_destinations(
            ctx, spec, [member.uuid])[0][0].service_host)
    assert len(hosts) == 1


def test_group_hosts_are_read_for_every_request(scheduler, ctx, conf,
                                                two_hosts):
    """The host view may be cached; the group's hosts never are."""
    conf.config(group='scheduler', host_state_max_age=3600)
    group = _group(ctx, 'anti-affinity')
    spec = _group_spec(ctx, group)
    (first,) = boot_fakes.create_instances(ctx, spec)
    host = scheduler.select_destinations(ctx, spec,
                                         [first.uuid])[0][0].service_host
    with boot_fakes.indirection(fake_conductor.FakeConductor()) as fake:
        (second,) = boot_fakes.create_instances(ctx, spec)
        chosen = scheduler.select_destinations(
            ctx, spec, [second.uuid])[0][0].service_host
    assert chosen != host
    assert ('InstanceGroup', 'get_by_uuid') in fake.calls
    assert ('HostStateList', 'get_all') not in fake.calls


def test_claim_refused_by_the_group_moves_to_the_next_host(
        scheduler, ctx, conf, two_hosts):
    """A concurrent boot placed a member on the host this request chose:
    the claim (in the conductor) refuses it, the next host is taken."""
    # Stack: the host with the other member's claim ranks first.
    conf.config(group='filter_scheduler', cpu_weight_multiplier=-10.0)
    group = _group(ctx, 'anti-affinity')
    spec = _group_spec(ctx, group)
    first, second = boot_fakes.create_instances(ctx, spec, count=2)
    stale = objects.InstanceGroup.get_by_uuid(ctx, group.uuid)
    host1 = {n.host: n for n in two_hosts}['host1']
    objects.AllocationList.claim(ctx, host1.uuid, first.uuid,
                                 ctx.project_id, ctx.user_id, {'VCPU': 1})
    tried = []

    def claim(context, node_uuid, *args):
        tried.append(node_uuid)
        return ORIGINAL_CLAIM(context, node_uuid, *args)

    with mock.patch.object(objects.InstanceGroup, 'get_by_uuid',
                           return_value=stale), \
            mock.patch.object(objects.AllocationList, 'claim', claim):
        result = scheduler.select_destinations(ctx, spec, [second.uuid])
    assert result[0][0].service_host == 'host2'
    assert tried[0] == host1.uuid and len(tried) == 2
