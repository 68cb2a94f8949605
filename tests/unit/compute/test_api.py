"""compute.api.API: boot, read and delete, on real objects (SQLite) behind
a fake conductor; the RPC casts are mocks."""

import datetime
from unittest import mock

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova_lite.compute import api as compute_api
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects

IMAGE_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


@pytest.fixture
def api():
    the_api = compute_api.API()
    the_api.compute_task_api = mock.Mock()
    the_api.compute_rpcapi = mock.Mock()
    return the_api


@pytest.fixture
def cloud(conductor, admin_ctx):
    """A public flavor and image, and an up compute service in 'nova'."""
    flavor = objects.Flavor(admin_ctx, name='m1.small', flavorid='2',
                            memory_mb=2048, vcpus=1, root_gb=20)
    flavor.create()
    image = objects.Image(admin_ctx, id=IMAGE_ID, name='cirros',
                          visibility='public', status='active',
                          min_ram=64, min_disk=1, size=1024 ** 3)
    image.create()
    service = objects.Service(admin_ctx, host='host1',
                              binary='nova-lite-compute', topic='compute',
                              availability_zone='nova')
    service.create()
    service.report_count = 1
    service.save()
    del conductor.calls[:]
    return {'flavor': flavor, 'image': image, 'service': service}


def _boot(api, ctx, cloud, **kwargs):
    flavor = api.get_flavor(ctx, cloud['flavor'].flavorid)
    kwargs.setdefault('name', 'web')
    return api.create(ctx, flavor, kwargs.pop('image_href', IMAGE_ID),
                      **kwargs)


# --- create -----------------------------------------------------------------

def test_boot_is_four_round_trips_and_one_cast(api, user_ctx, cloud,
                                               conductor):
    instances, reservation_id = _boot(api, user_ctx, cloud,
                                      metadata={'role': 'web'})
    assert [name for name, _method in conductor.calls] == [
        'Flavor', 'Image', 'Quotas', 'InstanceList']
    assert reservation_id.startswith('r-') and len(reservation_id) == 10
    (instance,) = instances
    assert instance.id and uuidutils.is_uuid_like(instance.uuid)
    assert (instance.vm_state, instance.task_state, instance.power_state) \
        == (vm_states.BUILDING, task_states.SCHEDULING, power_state.NOSTATE)
    assert (instance.project_id, instance.user_id) == ('p1', 'u1')
    assert (instance.display_name, instance.hostname) == ('web', 'web')
    assert instance.flavor.flavorid == '2'
    assert (instance.memory_mb, instance.vcpus, instance.root_gb) == (
        2048, 1, 20)
    assert instance.image_ref == IMAGE_ID
    assert instance.metadata == {'role': 'web'}
    assert instance.reservation_id == reservation_id
    assert instance.launch_index == 0
    cast = api.compute_task_api.schedule_and_build_instances
    cast.assert_called_once()
    kwargs = cast.call_args.kwargs
    assert [i.uuid for i in kwargs['instances']] == [instance.uuid]
    assert kwargs['image_ref'] == IMAGE_ID
    assert kwargs['requested_networks'] == 'auto'
    spec = kwargs['request_spec']
    assert (spec.num_instances, spec.image.id, spec.flavor.flavorid) == (
        1, IMAGE_ID, '2')
    # The request spec and the create action were stored with it.
    stored = objects.RequestSpec.get_by_instance_uuid(user_ctx,
                                                      instance.uuid)
    assert stored.image_ref == IMAGE_ID


def test_multi_create_names_and_hostnames(api, user_ctx, cloud):
    instances, _rid = _boot(api, user_ctx, cloud, name='Web Server',
                            min_count=3, max_count=3)
    assert [i.display_name for i in instances] == [
        'Web Server-1', 'Web Server-2', 'Web Server-3']
    assert [i.hostname for i in instances] == [
        'web-server-1', 'web-server-2', 'web-server-3']
    assert [i.launch_index for i in instances] == [0, 1, 2]
    assert len({i.reservation_id for i in instances}) == 1
    api.compute_task_api.schedule_and_build_instances.assert_called_once()


def test_image_from_block_device_mapping(api, user_ctx, cloud):
    bdm = [{'source_type': 'image', 'destination_type': 'local',
            'uuid': IMAGE_ID, 'boot_index': '0'}]
    (instance,), _rid = _boot(api, user_ctx, cloud, image_href=None,
                              block_device_mapping=bdm)
    assert instance.image_ref == IMAGE_ID


def test_volume_block_device_mapping_refused(api, user_ctx, cloud):
    bdm = [{'source_type': 'volume', 'destination_type': 'volume',
            'uuid': IMAGE_ID, 'boot_index': 0}]
    with pytest.raises(exception.InvalidBDMFormat):
        _boot(api, user_ctx, cloud, block_device_mapping=bdm)


@pytest.mark.parametrize('image_href', [
    '6c1f4d83-3ab6-4a43-a9e6-d83d0c1bd3a5', 'not-a-uuid'])
def test_missing_image(api, user_ctx, cloud, image_href):
    with pytest.raises(exception.ImageNotFound):
        _boot(api, user_ctx, cloud, image_href=image_href)
    api.compute_task_api.schedule_and_build_instances.assert_not_called()


def test_private_image_of_another_project_is_not_found(api, user_ctx, cloud,
                                                       admin_ctx):
    image = objects.Image(admin_ctx, name='mine', visibility='private',
                          owner='p2')
    image.create()
    with pytest.raises(exception.ImageNotFound):
        _boot(api, user_ctx, cloud, image_href=image.id)


def test_inactive_image(api, user_ctx, cloud, admin_ctx):
    image = objects.Image(admin_ctx, name='queued', visibility='public',
                          status='queued')
    image.create()
    with pytest.raises(exception.ImageNotActive):
        _boot(api, user_ctx, cloud, image_href=image.id)


@pytest.mark.parametrize('values,error', [
    ({'min_ram': 4096}, exception.FlavorMemoryTooSmall),
    ({'min_disk': 40}, exception.FlavorDiskSmallerThanMinDisk),
    ({'size': 30 * 1024 ** 3}, exception.FlavorDiskSmallerThanImage),
])
def test_flavor_too_small_for_image(api, user_ctx, cloud, admin_ctx, values,
                                    error):
    image = objects.Image(admin_ctx, name='big', visibility='public',
                          **values)
    image.create()
    with pytest.raises(error) as err:
        _boot(api, user_ctx, cloud, image_href=image.id)
    assert err.value.code == 400


def test_private_flavor_needs_access(api, user_ctx, cloud, admin_ctx):
    private = objects.Flavor(admin_ctx, name='private', flavorid='p',
                             memory_mb=512, vcpus=1, root_gb=1,
                             is_public=False)
    private.create()
    with pytest.raises(exception.FlavorNotFound) as err:
        api.get_flavor(user_ctx, 'p')
    assert err.value.format_message() == 'Flavor p could not be found.'
    private.add_access('p1')
    flavor = api.get_flavor(user_ctx, 'p')
    (instance,), _rid = api.create(user_ctx, flavor, IMAGE_ID, name='x')
    assert instance.flavor.name == 'private'


def test_disabled_flavor_is_not_found(api, user_ctx, cloud):
    flavor = cloud['flavor']
    flavor.disabled = True
    with pytest.raises(exception.FlavorNotFound):
        api.create(user_ctx, flavor, IMAGE_ID, name='x')


def test_key_pair(api, user_ctx, cloud, conductor):
    with pytest.raises(exception.KeypairNotFound):
        _boot(api, user_ctx, cloud, key_name='missing')
    objects.KeyPair(user_ctx, name='k1', user_id='u1',
                    public_key='ssh-rsa AAAA', fingerprint='aa').create()
    del conductor.calls[:]
    (instance,), _rid = _boot(api, user_ctx, cloud, key_name='k1')
    assert (instance.key_name, instance.key_data) == ('k1', 'ssh-rsa AAAA')
    assert len(conductor.calls) == 5


def test_availability_zone(api, user_ctx, cloud, conductor):
    with pytest.raises(exception.InvalidRequest) as err:
        _boot(api, user_ctx, cloud, availability_zone='elsewhere')
    assert err.value.format_message() == (
        'The requested availability zone is not available')
    del conductor.calls[:]
    (instance,), _rid = _boot(api, user_ctx, cloud,
                              availability_zone='nova')
    assert instance.availability_zone == 'nova'
    assert len(conductor.calls) == 5


def test_forced_host_goes_to_the_request_spec(api, admin_ctx, cloud):
    _boot(api, admin_ctx, cloud, availability_zone='nova:host1')
    spec = api.compute_task_api.schedule_and_build_instances.call_args \
        .kwargs['request_spec']
    assert (spec.availability_zone, spec.force_hosts) == ('nova', ['host1'])


def test_over_quota(api, user_ctx, cloud, conf):
    conf.config(instances=1, group='quota')
    _boot(api, user_ctx, cloud)
    with pytest.raises(exception.OverQuota) as err:
        _boot(api, user_ctx, cloud)
    assert err.value.code == 403
    assert err.value.format_message() == (
        'Quota exceeded for instances: Requested 1, but already used 1 of '
        '1 instances')


def test_quota_builds_as_many_as_fit_between_min_and_max(api, user_ctx,
                                                         cloud, conf):
    conf.config(instances=3, group='quota')
    instances, _rid = _boot(api, user_ctx, cloud, min_count=2, max_count=5)
    assert len(instances) == 3
    with pytest.raises(exception.OverQuota) as err:
        _boot(api, user_ctx, cloud, min_count=1, max_count=2)
    assert err.value.format_message() == (
        'Quota exceeded for instances: Requested 1-2, but already used 3 '
        'of 3 instances')


def test_over_cores_and_ram(api, user_ctx, cloud, conf):
    conf.config(cores=1, ram=2048, group='quota')
    with pytest.raises(exception.OverQuota) as err:
        _boot(api, user_ctx, cloud, min_count=2, max_count=2)
    assert err.value.format_message() == (
        'Quota exceeded for cores, ram: Requested 2, 4096, but already used '
        '0, 0 of 1, 2048 cores, ram')


def test_metadata_items_limit(api, user_ctx, cloud, conf):
    conf.config(metadata_items=1, group='quota')
    with pytest.raises(exception.MetadataLimitExceeded) as err:
        _boot(api, user_ctx, cloud, metadata={'a': '1', 'b': '2'})
    assert err.value.code == 403


@pytest.mark.parametrize('requested,expected', [
    (None, 'auto'), ('auto', 'auto'), ('none', 'none'), ([], 'auto')])
def test_requested_networks(api, user_ctx, cloud, requested, expected):
    _boot(api, user_ctx, cloud, requested_networks=requested)
    cast = api.compute_task_api.schedule_and_build_instances
    assert cast.call_args.kwargs['requested_networks'] == expected


def test_requested_network_by_id_and_fixed_ip(api, user_ctx, cloud):
    requested = [{'uuid': compute_api.network_id(), 'fixed_ip': '10.0.0.9'}]
    _boot(api, user_ctx, cloud, requested_networks=requested)
    cast = api.compute_task_api.schedule_and_build_instances
    assert cast.call_args.kwargs['requested_networks'] == requested


@pytest.mark.parametrize('requested,error', [
    ([{'uuid': '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'}],
     exception.NetworkNotFound),
    ([{'port': '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'}],
     exception.InvalidRequest),
    ([{'uuid': 'NET'}, {'uuid': 'NET'}], exception.InvalidRequest),
    ([{'uuid': 'NET', 'fixed_ip': '192.168.0.5'}], exception.FixedIpInvalid),
    ([{'uuid': 'NET', 'fixed_ip': '10.0.0.1'}], exception.FixedIpInvalid),
    ([{'uuid': 'NET', 'fixed_ip': '10.0.255.255'}],
     exception.FixedIpInvalid),
])
def test_bad_requested_networks(api, user_ctx, cloud, requested, error):
    for request in requested:
        if request.get('uuid') == 'NET':
            request['uuid'] = compute_api.network_id()
    with pytest.raises(error) as err:
        _boot(api, user_ctx, cloud, requested_networks=requested)
    assert err.value.code in (400, 404)


def test_requested_network_by_fixed_ip_alone(api, user_ctx, cloud):
    _boot(api, user_ctx, cloud, requested_networks=[{'fixed_ip':
                                                     '10.0.0.9'}])
    cast = api.compute_task_api.schedule_and_build_instances
    assert cast.call_args.kwargs['requested_networks'] == [
        {'uuid': compute_api.network_id(), 'fixed_ip': '10.0.0.9'}]


def test_fixed_ip_with_several_instances(api, user_ctx, cloud):
    requested = [{'uuid': compute_api.network_id(), 'fixed_ip': '10.0.0.9'}]
    with pytest.raises(exception.InvalidFixedIpAndMaxCountRequest):
        _boot(api, user_ctx, cloud, requested_networks=requested,
              max_count=2)


def test_network_id_follows_the_label(conf):
    first = compute_api.network_id()
    assert uuidutils.is_uuid_like(first)
    assert compute_api.network_id() == first
    conf.config(network_label='other', group='network')
    assert compute_api.network_id() != first


# --- helpers ----------------------------------------------------------------

@pytest.mark.parametrize('name,expected', [
    ('web', 'web'), ('Web Server_1.example', 'web-server-1-example'),
    ('--a--', 'a'), ('ünïcode', 'ünïcode'), ('日本', ''), ('x' * 70, 'x' * 63),
])
def test_sanitize_hostname(name, expected):
    assert compute_api.sanitize_hostname(name) == expected


def test_sanitize_hostname_default():
    assert compute_api.sanitize_hostname('日本', 'Server-1') == 'Server-1'


@pytest.mark.parametrize('requested,expected', [
    (None, (None, None, None)), ('nova', ('nova', None, None)),
    ('nova:h1', ('nova', 'h1', None)), ('nova:h1:n1', ('nova', 'h1', 'n1')),
    ('nova::n1', ('nova', None, 'n1')), (':h1', (None, 'h1', None)),
])
def test_parse_availability_zone(requested, expected):
    assert compute_api.parse_availability_zone(requested) == expected


def test_parse_availability_zone_too_many_parts():
    with pytest.raises(exception.InvalidInput):
        compute_api.parse_availability_zone('a:b:c:d')


# --- get / get_all ----------------------------------------------------------

def test_get_hides_other_projects(api, user_ctx, admin_ctx, cloud,
                                  conductor):
    (instance,), _rid = _boot(api, admin_ctx, cloud)
    with pytest.raises(exception.InstanceNotFound):
        api.get(user_ctx, instance.uuid)
    assert api.get(admin_ctx, instance.uuid).uuid == instance.uuid
    del conductor.calls[:]
    with pytest.raises(exception.InstanceNotFound):
        api.get(user_ctx, 'not-a-uuid')
    assert conductor.calls == []


def test_get_loads_fault_and_fixed_ips(api, user_ctx, cloud, conductor):
    (instance,), _rid = _boot(api, user_ctx, cloud)
    del conductor.calls[:]
    loaded = api.get(user_ctx, instance.uuid,
                     expected_attrs=['fault', 'fixed_ips'])
    assert loaded.fault is None and loaded.fixed_ips == []
    assert len(conductor.calls) == 1


def test_get_all_by_status_is_one_round_trip(api, user_ctx, cloud,
                                             conductor):
    instances, _rid = _boot(api, user_ctx, cloud, min_count=3, max_count=3)
    active = instances[0]
    active.vm_state, active.task_state = vm_states.ACTIVE, None
    active.save()
    del conductor.calls[:]
    found = api.get_all(user_ctx, {'project_id': 'p1', 'status': ['BUILD']},
                        expected_attrs=['fault', 'fixed_ips'])
    assert sorted(i.uuid for i in found) == sorted(
        i.uuid for i in instances[1:])
    assert len(conductor.calls) == 1
    found = api.get_all(user_ctx, {'project_id': 'p1',
                                   'status': ['active']})
    assert [i.uuid for i in found] == [active.uuid]


def test_get_all_unknown_status_needs_no_round_trip(api, user_ctx, cloud,
                                                    conductor):
    assert list(api.get_all(user_ctx, {'status': ['NOPE']})) == []
    assert conductor.calls == []


def test_get_compute_services(api, user_ctx, cloud):
    services = api.get_compute_services(user_ctx)
    assert list(services) == ['host1']


# --- delete -----------------------------------------------------------------

def test_delete_without_host_is_local_and_one_round_trip(api, user_ctx,
                                                         cloud, conductor):
    (instance,), _rid = _boot(api, user_ctx, cloud)
    del conductor.calls[:]
    api.delete(user_ctx, instance)
    assert conductor.calls == [('Instance', 'destroy')]
    api.compute_rpcapi.terminate_instance.assert_not_called()
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(user_ctx, instance.uuid)
    # A second delete of the same object finds nothing left to do.
    api.delete(user_ctx, instance)


def _placed(api, ctx, cloud, task_state=None):
    (instance,), _rid = _boot(api, ctx, cloud)
    instance.host, instance.node = 'host1', 'host1'
    instance.vm_state, instance.task_state = vm_states.ACTIVE, task_state
    instance.save()
    return instance


def test_delete_on_an_up_host_casts_terminate(api, user_ctx, cloud,
                                              conductor):
    instance = _placed(api, user_ctx, cloud)
    del conductor.calls[:]
    api.delete(user_ctx, instance)
    assert conductor.calls == [('Service', 'get_by_host_and_binary'),
                               ('Instance', 'save')]
    api.compute_rpcapi.terminate_instance.assert_called_once_with(
        user_ctx, instance=instance)
    stored = objects.Instance.get_by_uuid(user_ctx, instance.uuid)
    assert stored.task_state == task_states.DELETING


def test_delete_while_another_task_runs(api, user_ctx, cloud):
    instance = _placed(api, user_ctx, cloud, task_state=task_states.SPAWNING)
    api.delete(user_ctx, instance)
    api.compute_rpcapi.terminate_instance.assert_called_once()


def test_delete_again_while_deleting_casts_again(api, user_ctx, cloud):
    instance = _placed(api, user_ctx, cloud)
    api.delete(user_ctx, instance)
    stale = objects.Instance.get_by_uuid(user_ctx, instance.uuid)
    stale.task_state = None  # as read before the first delete
    api.delete(user_ctx, stale)
    assert api.compute_rpcapi.terminate_instance.call_count == 2


def test_delete_on_a_down_host_is_local(api, user_ctx, cloud, conductor):
    instance = _placed(api, user_ctx, cloud)
    service = cloud['service']
    service.last_seen_up = timeutils.utcnow() - datetime.timedelta(hours=1)
    service.forced_down = True
    service.save()
    del conductor.calls[:]
    api.delete(user_ctx, instance)
    assert conductor.calls == [('Service', 'get_by_host_and_binary'),
                               ('Instance', 'destroy')]
    api.compute_rpcapi.terminate_instance.assert_not_called()
