"""The checks of compute.api's resize, confirm_resize and revert_resize
(compute/resize_api.py): Nova's refusals, quota, and the compare-and-swap
that lets one of two racing requests through."""

import pytest

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from tests.unit import boot_fakes
from tests.unit.compute import resize_fakes as rf


@pytest.fixture
def admin(db):
    return boot_fakes.user_context('req-setup')


@pytest.fixture
def cloud(admin, conf):
    for host in ('host1', 'host2'):
        boot_fakes.add_compute(admin, host)
    return rf.InProcessCloud(['host1', 'host2'])


@pytest.fixture
def flavors(admin):
    return {'small': rf.make_flavor(admin, 'small', 1, 1024, 10, 5),
            'big': rf.make_flavor(admin, 'big', 2, 2048, 20, 5),
            'less-disk': rf.make_flavor(admin, 'less-disk', 2, 2048, 5, 5),
            'no-disk': rf.make_flavor(admin, 'no-disk', 2, 2048, 0, 5),
            'less-eph': rf.make_flavor(admin, 'less-eph', 2, 2048, 20, 0)}


@pytest.fixture
def server(admin, cloud, flavors):
    return rf.active_instance(admin, cloud, flavors['small'], 'host1')


def _load(uuid, request_id='req-api'):
    context = rf.ctx(request_id)
    return context, objects.Instance.get_by_uuid(context, uuid)


@pytest.mark.parametrize('vm_state,task_state,attr', [
    (vm_states.PAUSED, None, 'vm_state paused'),
    (vm_states.RESIZED, None, 'vm_state resized'),
    (vm_states.ACTIVE, task_states.REBOOTING, 'task_state rebooting')])
def test_resize_refused_in_other_states(cloud, server, vm_state, task_state,
                                        attr):
    server.vm_state, server.task_state = vm_state, task_state
    server.save()
    context, instance = _load(server.uuid)
    with pytest.raises(exception.InstanceInvalidState) as err:
        cloud.api.resize(context, instance, 'big')
    assert err.value.code == 409
    assert err.value.format_message() == (
        "Cannot 'resize' instance %s while it is in %s" % (server.uuid,
                                                           attr))
    assert cloud.queue == []


@pytest.mark.parametrize('flavor_id,exc,message', [
    ('small', exception.CannotResizeToSameFlavor,
     'When resizing, instances must change flavor!'),
    ('less-disk', exception.CannotResizeDisk,
     'Server disk was unable to be resized because: Unable to resize disk '
     'down.'),
    ('less-eph', exception.CannotResizeDisk,
     'Server disk was unable to be resized because: Unable to resize disk '
     'down.'),
    ('no-disk', exception.CannotResizeDisk,
     'Server disk was unable to be resized because: Resize to zero disk '
     'flavor is not allowed.'),
    ('nope', exception.FlavorNotFound, 'Flavor nope could not be found.')])
def test_resize_refuses_bad_flavors(cloud, server, flavor_id, exc, message):
    context, instance = _load(server.uuid)
    with pytest.raises(exc) as err:
        cloud.api.resize(context, instance, flavor_id)
    assert err.value.format_message() == message
    after = objects.Instance.get_by_uuid(context, server.uuid)
    assert after.task_state is None
    assert cloud.queue == []


def test_resize_to_a_disabled_flavor_is_not_found(admin, cloud, server):
    objects.Flavor(context=admin, name='old', flavorid='old', vcpus=2,
                   memory_mb=2048, root_gb=20, ephemeral_gb=5, swap=0,
                   disabled=True).create()
    context, instance = _load(server.uuid)
    with pytest.raises(exception.FlavorNotFound):
        cloud.api.resize(context, instance, 'old')


def test_resize_checks_quota_for_the_growth(cloud, server, conf):
    conf.config(cores=2, group='quota')
    context, instance = _load(server.uuid)
    cloud.api.resize(context, instance, 'big')      # 1 core + 1: fits
    conf.config(cores=1, group='quota')
    server.task_state = None
    server.save()
    context, instance = _load(server.uuid, 'req-api-2')
    with pytest.raises(exception.OverQuota) as err:
        cloud.api.resize(context, instance, 'big')
    assert err.value.code == 403
    assert err.value.format_message() == (
        'Quota exceeded for cores: Requested 1, but already used 1 of 1 '
        'cores')


def test_locked_server_refused_unless_admin(cloud, server):
    server.locked = True
    server.save()
    context, instance = _load(server.uuid)
    with pytest.raises(exception.InstanceIsLocked):
        cloud.api.resize(context, instance, 'big')
    admin_context = boot_fakes.user_context('req-admin')
    cloud.api.resize(admin_context, instance, 'big')
    assert len(cloud.queue) == 1


def test_resize_sets_resize_prep_records_the_action_and_casts(cloud, server):
    context, instance = _load(server.uuid)
    cloud.api.resize(context, instance, 'big')
    stored = objects.Instance.get_by_uuid(context, server.uuid)
    assert stored.task_state == task_states.RESIZE_PREP
    action = objects.InstanceAction.get_by_request_id(context, server.uuid,
                                                      'req-api')
    assert action.action == 'resize'
    (host, method, kwargs), = cloud.queue
    assert (host, method) == ('conductor', 'migrate_server')
    assert kwargs['flavor'].flavorid == 'big'
    assert kwargs['request_spec'].ignore_hosts == ['host1']
    # A second resize racing the first: 409.
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.resize(context, instance, 'big')


def test_same_host_allowed_keeps_the_source_eligible(cloud, server, conf):
    conf.config(allow_resize_to_same_host=True)
    context, instance = _load(server.uuid)
    cloud.api.resize(context, instance, 'big')
    assert cloud.queue[0][2]['request_spec'].ignore_hosts == []


@pytest.mark.parametrize('method,name', [('confirm_resize', 'confirmResize'),
                                         ('revert_resize', 'revertResize')])
def test_confirm_and_revert_need_a_resized_server(cloud, server, method,
                                                  name):
    context, instance = _load(server.uuid)
    with pytest.raises(exception.InstanceInvalidState) as err:
        getattr(cloud.api, method)(context, instance)
    assert err.value.format_message() == (
        "Cannot '%s' instance %s while it is in vm_state active"
        % (name, server.uuid))
    # RESIZED but with no finished migration: "not resized" (400 in REST).
    server.vm_state = vm_states.RESIZED
    server.save()
    context, instance = _load(server.uuid, 'req-2')
    with pytest.raises(exception.MigrationNotFound):
        getattr(cloud.api, method)(context, instance)


def _resized(cloud, server):
    context, instance = _load(server.uuid, 'req-resize')
    cloud.api.resize(context, instance, 'big')
    cloud.run()


def test_confirm_and_revert_race_one_wins(cloud, server):
    _resized(cloud, server)
    confirm_ctx, confirm_inst = _load(server.uuid, 'req-confirm')
    revert_ctx, revert_inst = _load(server.uuid, 'req-revert')
    cloud.api.confirm_resize(confirm_ctx, confirm_inst)
    with pytest.raises(exception.InstanceInvalidState) as err:
        cloud.api.revert_resize(revert_ctx, revert_inst)
    assert 'migration status confirming' in err.value.format_message()
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.confirm_resize(revert_ctx, revert_inst)
    assert [m for _h, m, _k in cloud.queue] == ['confirm_resize']


def test_both_read_the_finished_migration_one_swaps_it(cloud, server):
    _resized(cloud, server)
    context, instance = _load(server.uuid, 'req-confirm')
    first = cloud.api._finished_migration(context, instance, 'confirmResize')
    second = cloud.api._finished_migration(context, instance, 'revertResize')
    cloud.api._take(instance, first, 'confirmResize', 'confirming')
    with pytest.raises(exception.InstanceInvalidState) as err:
        cloud.api._take(instance, second, 'revertResize', 'reverting')
    assert err.value.code == 409


def test_revert_that_loses_the_instance_race_frees_the_migration(cloud,
                                                                 server):
    _resized(cloud, server)
    context, instance = _load(server.uuid, 'req-revert')
    # Something else took the instance's task state meanwhile.
    server.task_state = task_states.DELETING
    server.save()
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.revert_resize(context, instance)
    assert objects.Migration.get_by_instance_and_status(
        context, server.uuid, 'finished')
    assert cloud.queue == []


def test_revert_checks_quota_when_the_old_flavor_is_bigger(admin, cloud,
                                                           flavors, conf):
    server = rf.active_instance(admin, cloud, flavors['big'], 'host1')
    context, instance = _load(server.uuid, 'req-resize')
    # Grow the disk, shrink cores and RAM.
    bigger_disk = rf.make_flavor(admin, 'fat-disk', 1, 1024, 40, 5)
    cloud.api.resize(context, instance, bigger_disk.flavorid)
    cloud.run()
    conf.config(cores=1, group='quota')
    context, instance = _load(server.uuid, 'req-revert')
    with pytest.raises(exception.OverQuota):
        cloud.api.revert_resize(context, instance)
    assert objects.Migration.get_by_instance_and_status(
        context, server.uuid, 'finished')


@pytest.mark.parametrize('method,args', [('resize', ('big',)),
                                         ('confirm_resize', ()),
                                         ('revert_resize', ())])
def test_refused_while_a_compute_is_too_old(cloud, server, conf,
                                            rpc_transport, method, args):
    if method != 'resize':
        _resized(cloud, server)
    conf.config(compute='1.1', group='upgrade_levels')
    cloud.api.compute_rpcapi = compute_rpcapi.ComputeAPI()
    context, instance = _load(server.uuid, 'req-old')
    before = (instance.vm_state, instance.task_state)
    with pytest.raises(exception.ComputeRPCTooOld) as err:
        getattr(cloud.api, method)(context, instance, *args)
    assert err.value.code == 409
    after = objects.Instance.get_by_uuid(context, server.uuid)
    assert (after.vm_state, after.task_state) == before
    statuses = [m.status for m in objects.MigrationList.get_by_instance(
        context, server.uuid)]
    assert statuses == ([] if method == 'resize' else ['finished'])
