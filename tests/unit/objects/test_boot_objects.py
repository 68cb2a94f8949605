"""The objects of the boot path: images, fixed IPs, builds, quotas, hosts.

Each test runs locally and through the (fake) conductor; "one round trip"
claims are checked on the conductor's call log.
"""

import logging

import pytest
from oslo_utils import uuidutils

from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects


def _member(project_id='p1', user_id='u2'):
    return nl_context.RequestContext(user_id=user_id, project_id=project_id,
                                     is_admin=False, request_id='req-member')


def _calls(via):
    return None if via is None else list(via.calls)


# --- images ---------------------------------------------------------------------

def _image(ctx, **values):
    image = objects.Image(ctx, **values)
    image.create()
    return image


def test_image_create_defaults_and_get(ctx, via):
    image = _image(ctx, name='cirros', disk_format='qcow2',
                   container_format='bare', properties={'os_distro': 'c'},
                   tags=['t2', 't1'], owner='p1')
    assert uuidutils.is_uuid_like(image.id)
    assert (image.status, image.visibility, image.protected) == (
        'active', 'shared', False)
    assert image.created_at is not None and image.obj_what_changed() == set()
    loaded = objects.Image.get_by_id(ctx, image.id)
    assert loaded.properties == {'os_distro': 'c'}
    assert loaded.tags == ['t1', 't2']
    with pytest.raises(exception.ImageExists):
        _image(ctx, id=image.id)
    with pytest.raises(exception.ObjectActionError):
        image.create()


def test_image_visibility_for_a_member(ctx, via):
    public = _image(ctx, name='public', visibility='public')
    mine = _image(ctx, name='mine', visibility='private', owner='p1')
    theirs = _image(ctx, name='theirs', visibility='private', owner='p2')
    member = _member()
    assert objects.Image.get_by_id(member, mine.id).name == 'mine'
    with pytest.raises(exception.ImageNotFound) as err:
        objects.Image.get_by_id(member, theirs.id)
    assert err.value.format_message() == (
        'Image %s could not be found.' % theirs.id)
    listed = objects.ImageList.get_all(member, sort_key='name',
                                       sort_dir='asc')
    assert [i.name for i in listed] == ['mine', 'public']
    assert len(objects.ImageList.get_all(ctx)) == 3
    page = objects.ImageList.get_all(member, filters={'name': 'public'},
                                     limit=1)
    assert [i.id for i in page] == [public.id]
    assert list(objects.ImageList.get_all(member, marker=public.id,
                                          sort_key='name',
                                          sort_dir='asc')) == []


def test_image_destroy(ctx, via):
    image = _image(ctx, name='old', properties={'a': 'b'})
    image.destroy()
    with pytest.raises(exception.ImageNotFound):
        objects.Image.get_by_id(ctx, image.id)
    locked = _image(ctx, name='locked', protected=True)
    with pytest.raises(exception.ImageProtected):
        locked.destroy()


# --- builds and instances -----------------------------------------------------------

def _flavor(ctx):
    flavor = objects.Flavor(ctx, name='m1.small-' + uuidutils.generate_uuid(),
                            memory_mb=1024, vcpus=2, root_gb=10)
    flavor.create()
    return flavor


def _spec(ctx, flavor, image=None):
    return objects.RequestSpec(ctx, project_id=ctx.project_id,
                               user_id=ctx.user_id, flavor=flavor,
                               image_ref=image.id if image else None,
                               image=image, num_instances=2)


def _build(ctx, count=2, **values):
    flavor = _flavor(ctx)
    instances = [objects.Instance(ctx, display_name='vm-%d' % i,
                                  flavor=flavor, vcpus=flavor.vcpus,
                                  memory_mb=flavor.memory_mb,
                                  metadata={'n': str(i)}, **values)
                 for i in range(count)]
    image = _image(ctx, name='img', visibility='public',
                   properties={'hw_arch': 'x86_64'})
    return objects.InstanceList.create_for_build(
        ctx, instances, _spec(ctx, flavor, image))


def test_create_for_build(ctx, via):
    built = _build(ctx)
    assert [i.display_name for i in built] == ['vm-0', 'vm-1']
    for index, instance in enumerate(built):
        assert instance.id and uuidutils.is_uuid_like(instance.uuid)
        assert (instance.vm_state, instance.task_state) == (
            vm_states.BUILDING, task_states.SCHEDULING)
        assert (instance.project_id, instance.user_id) == ('p1', 'u1')
        assert instance.launch_index == index
        assert instance.metadata == {'n': str(index)}
        assert instance.flavor.name.startswith('m1.small')
        assert instance.obj_what_changed() == set()
        spec = objects.RequestSpec.get_by_instance_uuid(ctx, instance.uuid)
        assert spec.instance_uuid == instance.uuid
        assert spec.image.properties == {'hw_arch': 'x86_64'}
        assert spec.num_instances == 2
        action = objects.InstanceAction.get_by_request_id(
            ctx, instance.uuid, 'req-test')
        assert (action.action, action.user_id, action.project_id) == (
            'create', 'u1', 'p1')
        assert action.start_time is not None


def test_create_for_build_is_one_conductor_call(ctx, conductor):
    flavor = _flavor(ctx)
    conductor.calls.clear()
    objects.InstanceList.create_for_build(
        ctx, objects.InstanceList(objects=[objects.Instance(ctx)] * 3),
        _spec(ctx, flavor))
    assert conductor.calls == [('InstanceList', 'create_for_build')]
    assert len(objects.InstanceList.get_by_filters(ctx, {})) == 3


def test_create_for_build_leaves_its_arguments_alone(ctx, via):
    instance = objects.Instance(ctx, display_name='vm')
    spec = _spec(ctx, _flavor(ctx))
    (built,) = objects.InstanceList.create_for_build(ctx, [instance], spec)
    assert not instance.obj_attr_is_set('uuid')
    assert not spec.obj_attr_is_set('instance_uuid')
    assert built.display_name == 'vm'
    with pytest.raises(exception.ObjectActionError):
        objects.InstanceList.create_for_build(ctx, [built], spec)


def test_create_for_build_keeps_given_values(ctx, via):
    uuid = uuidutils.generate_uuid()
    (built,) = _build(ctx, count=1, uuid=uuid, user_id='other',
                      task_state=None)
    assert (built.uuid, built.user_id, built.task_state) == (
        uuid, 'other', None)
    with pytest.raises(exception.InstanceExists):
        _build(ctx, count=1, uuid=uuid)


def _node(ctx, host='h1'):
    service = objects.Service(ctx, host=host, binary='nova-lite-compute',
                              topic='compute', availability_zone='az1')
    service.create()
    node = objects.ComputeNode(ctx, host=host, hypervisor_hostname=host,
                               vcpus=8, memory_mb=8192, local_gb=100,
                               cpu_allocation_ratio=4.0,
                               ram_allocation_ratio=1.0,
                               disk_allocation_ratio=1.0)
    node.create()
    return node


def _place(ctx, instance, node):
    objects.AllocationList.claim(ctx, node.uuid, instance.uuid, 'p1', 'u1',
                                 {'VCPU': 2, 'MEMORY_MB': 1024,
                                  'DISK_GB': 10})
    return objects.FixedIPList.allocate_for_instances(ctx, [instance.uuid],
                                                      'private')


def test_destroy_releases_once_and_says_so(ctx, via, caplog):
    caplog.set_level(logging.INFO, logger='nova_lite.objects.instance')
    (instance,) = _build(ctx, count=1)
    _place(ctx, instance, _node(ctx))
    loaded = objects.Instance.get_by_uuid(ctx, instance.uuid,
                                          expected_attrs=['fixed_ips'])
    assert [str(ip.address) for ip in loaded.fixed_ips] == ['10.0.0.2']
    assert loaded.destroy() == 3
    assert loaded.deleted and loaded.fixed_ips == []
    assert ('Released 3 allocation(s) of instance %s' % instance.uuid
            in caplog.text)
    with pytest.raises(exception.InstanceNotFound):
        instance.destroy()
    assert objects.AllocationList.get_usages(ctx) == {}
    assert list(objects.FixedIPList.get_by_instance_uuids(
        ctx, [instance.uuid])) == []


def test_fixed_ips_follow_the_conductors_config(ctx, via, conf):
    conf.config(group='network', fixed_range='192.168.7.0/29')
    built = _build(ctx, count=3)
    uuids = [i.uuid for i in built]
    ips = objects.FixedIPList.allocate_for_instances(ctx, uuids, 'lan')
    assert [(ip.instance_uuid, str(ip.address), ip.network) for ip in ips] \
        == [(uuids[0], '192.168.7.2', 'lan'), (uuids[1], '192.168.7.3', 'lan'),
            (uuids[2], '192.168.7.4', 'lan')]
    assert ips.to_network_info()[0] == {
        'network': 'lan', 'address': '192.168.7.2',
        'mac': ips[0].mac_address, 'version': 4}
    held = objects.FixedIPList.get_by_instance_uuids(ctx, uuids[:2])
    assert sorted(str(ip.address) for ip in held) == [
        '192.168.7.2', '192.168.7.3']
    more = _build(ctx, count=3)
    with pytest.raises(exception.NoMoreFixedIps):
        objects.FixedIPList.allocate_for_instances(
            ctx, [i.uuid for i in more], 'lan')


def test_fixed_range_must_be_a_cidr(conf):
    conf.config(group='network', fixed_range='10.1.2.3/24')
    assert conf.conf.network.fixed_range == '10.1.2.0/24'
    for bad in ('10.0.0.0/33', 'private', ''):
        with pytest.raises(ValueError):
            conf.config(group='network', fixed_range=bad)


def test_list_with_faults_and_fixed_ips_in_one_call(ctx, via):
    built = _build(ctx, count=3)
    objects.FixedIPList.allocate_for_instances(
        ctx, [i.uuid for i in built[:2]], 'private')
    objects.InstanceFault(ctx, instance_uuid=built[2].uuid, code=500,
                          message='No valid host was found.').create()
    before = _calls(via)
    listed = objects.InstanceList.get_by_filters(
        ctx, {'project_id': 'p1'}, sort_key='launch_index', sort_dir='asc',
        expected_attrs=['fault', 'fixed_ips'])
    if via is not None:
        assert via.calls[len(before):] == [('InstanceList', 'get_by_filters')]
    assert [[str(ip.address) for ip in i.fixed_ips] for i in listed] == [
        ['10.0.0.2'], ['10.0.0.3'], []]
    assert [i.fault and i.fault.code for i in listed] == [None, None, 500]
    plain = objects.InstanceList.get_by_filters(ctx, {})
    assert not plain[0].obj_attr_is_set('fixed_ips')


# --- quotas -------------------------------------------------------------------------

def test_count_usage(ctx, via):
    _build(ctx, count=2)
    _build(_member(user_id='u3'), count=1)
    assert objects.Quotas.count_usage(ctx, 'p1') == {
        'instances': 3, 'cores': 6, 'ram': 3072}
    assert objects.Quotas.count_usage(ctx, 'p1', user_id='u3') == {
        'instances': 1, 'cores': 2, 'ram': 1024}


def test_check_deltas_within_limits(ctx, via, conf):
    conf.config(group='quota', instances=3, cores=-1)
    _build(ctx, count=2)
    objects.Quotas.check_deltas(ctx, 'p1', {'instances': 1, 'cores': 1000,
                                            'ram': 1024})
    # A zero delta (Nova's recheck) passes at the limit.
    _build(ctx, count=1)
    objects.Quotas.check_deltas(ctx, 'p1', {'instances': 0})


def test_check_deltas_over_quota_message(ctx, via, conf):
    conf.config(group='quota', cores=5, ram=4000)
    _build(ctx, count=2)
    with pytest.raises(exception.OverQuota) as err:
        objects.Quotas.check_deltas(ctx, 'p1', {'instances': 2, 'cores': 4,
                                                'ram': 2048})
    assert err.value.code == 403
    assert err.value.format_message() == (
        'Quota exceeded for cores, ram: Requested 4, 2048, but already used '
        '4, 2048 of 5, 4000 cores, ram')
    assert err.value.kwargs['usages'] == {'instances': 2, 'cores': 4,
                                          'ram': 2048}
    assert err.value.kwargs['quotas']['cores'] == 5
    with pytest.raises(exception.OverQuota) as err:
        objects.Quotas.check_deltas(ctx, 'other', {'instances': 11})
    assert err.value.format_message() == (
        'Quota exceeded for instances: Requested 11, but already used 0 of '
        '10 instances')


def test_check_deltas_other_resources(ctx, via, conf):
    conf.config(group='quota', key_pairs=1, metadata_items=2)
    objects.Quotas.check_deltas(ctx, 'p1', {'key_pairs': 1,
                                            'metadata_items': 2})
    objects.KeyPair(ctx, name='k', user_id=ctx.user_id,
                    public_key='ssh-rsa AAA').create()
    with pytest.raises(exception.OverQuota) as err:
        objects.Quotas.check_deltas(ctx, 'p1', {'key_pairs': 1,
                                                'metadata_items': 3})
    assert 'Quota exceeded for key_pairs, metadata_items' in str(err.value)
    with pytest.raises(exception.QuotaResourceUnknown) as err:
        objects.Quotas.check_deltas(ctx, 'p1', {'gpus': 1})
    assert err.value.format_message() == 'Unknown quota resources gpus.'


def test_check_deltas_is_one_conductor_call(ctx, conductor):
    conductor.calls.clear()
    objects.Quotas.check_deltas(ctx, 'p1', {'instances': 1, 'cores': 1,
                                            'ram': 1})
    assert conductor.calls == [('Quotas', 'check_deltas')]


def test_limits_come_from_the_config(conf):
    conf.config(group='quota', ram=-1)
    limits = objects.Quotas.get_limits()
    assert limits['ram'] == -1
    assert {k: limits[k] for k in ('instances', 'cores', 'key_pairs',
                                   'server_groups', 'server_group_members',
                                   'metadata_items')} == {
        'instances': 10, 'cores': 20, 'key_pairs': 100, 'server_groups': 10,
        'server_group_members': 10, 'metadata_items': 128}


# --- host states --------------------------------------------------------------------

def test_host_states_in_one_call(ctx, via):
    nodes = [_node(ctx, 'h%d' % i) for i in range(3)]
    (instance,) = _build(ctx, count=1)
    _place(ctx, instance, nodes[1])
    before = _calls(via)
    states = objects.HostStateList.get_all(ctx)
    if via is not None:
        assert via.calls[len(before):] == [('HostStateList', 'get_all')]
    assert [s.host for s in states] == ['h0', 'h1', 'h2']
    assert [s.nodename for s in states] == ['h0', 'h1', 'h2']
    state = states[1]
    assert state.compute_node.uuid == nodes[1].uuid
    assert (state.service.host, state.service.availability_zone) == (
        'h1', 'az1')
    assert state.service.last_seen_up is None
    assert state.usage == {'VCPU': 2, 'MEMORY_MB': 1024, 'DISK_GB': 10}
    assert state.capacity == {'VCPU': 32, 'MEMORY_MB': 8192, 'DISK_GB': 100}
    assert (state.free('VCPU'), state.free('MEMORY_MB')) == (30, 7168)
    assert states[0].usage == {} and states[0].free('DISK_GB') == 100
    assert states.obj_what_changed() == set()
