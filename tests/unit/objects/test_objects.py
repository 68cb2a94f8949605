"""Object versions, compatibility, serialization and import cost."""

import datetime
import os
import subprocess
import sys

from oslo_serialization import jsonutils
from oslo_versionedobjects import fixture as ovo_fixture
import pytest

import nova_lite
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import base
from nova_lite.objects import service as service_obj

# 'Name': 'VERSION-fingerprint'. A failure here means fields or remotable
# signatures changed: bump the object's VERSION, add a line to its history
# (and to obj_make_compatible), then update the hash here.
object_data = {
    'Allocation': '1.0-c6ea4592c58fcb52ce3b9dc18f0dad92',
    'AllocationList': '1.1-6596eb3df20cf7ee6f001c4b983dac8f',
    'ComputeNode': '1.0-bc4448bd80e728fe363c2399d9e7d916',
    'ComputeNodeList': '1.1-895292215f4ec297a945bf1012a857ce',
    'FixedIP': '1.0-1382a25d9997580fb80d4e2063bf6d3f',
    'FixedIPList': '1.0-7b33db0a957470e84dba471c337562a8',
    'Flavor': '1.0-eb6458be46a7cb35c6cae88ddc6059e0',
    'FlavorList': '1.0-52b5928600e7ca973aa4fc1e46f3934c',
    'HostState': '1.0-7585efe70d7560ece8018aedb7d59a1f',
    'HostStateList': '1.0-4ee0d9efdfd681fed822da88376e04d2',
    'Image': '1.0-cabe6ba365657335c5f085ba7cf56487',
    'ImageList': '1.0-1df7f5a2a3f37b464f8bb3f9269fe69d',
    'Instance': '1.3-82b73c6962c63488168cab1261cff3f7',
    'InstanceAction': '1.0-71695b36ccb2ff7a4bbb811d6f9f5ac6',
    'InstanceActionEvent': '1.0-5434e20c5542146d7046f542b65e5bbf',
    'InstanceActionEventList': '1.0-13d92fb953030cdbfee56481756e02be',
    'InstanceActionList': '1.1-a2b2fb6006b47c27076d3a1d48baa759',
    'InstanceFault': '1.0-eab2dc5c0aca65976dea1954de16a60a',
    'InstanceGroup': '1.0-af7f21a309adf08e7c40d4f9d6cab00e',
    'InstanceGroupList': '1.0-aed525fb6680d6218a663eabef731896',
    'InstanceFaultList': '1.0-f011c42fc302abc19a676d600dfaae73',
    'InstanceList': '1.1-fb82ac6b0acbef53f6f6c56317f72f06',
    'KeyPair': '1.0-1758cf35b624ff1d441f2666daeb4c19',
    'KeyPairList': '1.0-94aad3ac5c938eef4b5e83da0212f506',
    'Migration': '1.0-084ae3ed02dc5ad115e93417d391ee83',
    'MigrationList': '1.0-d44e72109953bcae62808dbff7d0ed4b',
    'Quotas': '1.1-f2710aa99fce90692d801f7543148945',
    'RequestSpec': '1.2-178d1c1c27361983e00fe506cd1f7b2f',
    'Selection': '1.0-6fb75d2bbdc5da3f16dc9938e349ef76',
    'Service': '1.1-6ca0f3fffec4d073b63776a331826576',
    'ServiceList': '1.1-0c5742de52c320043363723baab23fdc',
}

UUID = '2a3c1f60-2b61-4a4e-9a0e-0d6f2b3e6c11'
NOW = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


def test_versions_and_fingerprints():
    checker = ovo_fixture.ObjectVersionChecker(
        base.NovaLiteObjectRegistry.obj_classes())
    expected, actual = checker.test_hashes(object_data)
    assert expected == actual


def test_every_object_is_exposed_by_register_all():
    registered = set(base.NovaLiteObjectRegistry.obj_classes())
    assert registered == set(object_data)
    for name in registered:
        assert getattr(objects, name).obj_name() == name


def test_service_backport_to_1_0_drops_uuid(ctx):
    service = objects.Service(ctx, id=1, uuid=UUID, host='h',
                              binary='nova-lite-compute')
    primitive = service.obj_to_primitive(target_version='1.0')
    data = primitive['nova_lite_object.data']
    assert 'uuid' not in data
    assert data['host'] == 'h'
    assert primitive['nova_lite_object.version'] == '1.0'
    assert 'uuid' in service.obj_to_primitive()['nova_lite_object.data']


def _backport(obj, name, version):
    """``obj`` as a peer that knows ``name`` at ``version`` receives it."""
    manifest = base.obj_tree_get_versions(obj.obj_name())
    manifest[name] = version
    return obj.obj_to_primitive(target_version=manifest[obj.obj_name()],
                                version_manifest=manifest)


def test_instance_backport_to_1_0_drops_fixed_ips(ctx):
    instance = _samples()[2]
    assert instance.fixed_ips[0].address.version == 4
    data = _backport(instance, 'Instance', '1.0')['nova_lite_object.data']
    assert 'fixed_ips' not in data
    assert data['metadata'] == {'k': 'v'}
    assert 'fault' in data and 'flavor' in data
    # A peer of today's versions keeps them.
    data = instance.obj_to_primitive()['nova_lite_object.data']
    assert len(data['fixed_ips']) == 1
    # An InstanceList 1.0 holds Instances 1.0; a manifest without FixedIP
    # (what a 1.0 peer sends) needs no rule for the new field.
    old_peer = {'InstanceList': '1.0', 'Instance': '1.0', 'Flavor': '1.0',
                'InstanceFault': '1.0'}
    listed = objects.InstanceList(objects=[instance]).obj_to_primitive(
        target_version='1.0', version_manifest=old_peer)
    item = listed['nova_lite_object.data']['objects'][0]
    assert item['nova_lite_object.version'] == '1.0'
    assert 'fixed_ips' not in item['nova_lite_object.data']


def test_instance_backport_to_1_2_drops_locked_reason(ctx):
    instance = _samples()[2]
    instance.locked, instance.locked_reason = True, 'maintenance'
    data = _backport(instance, 'Instance', '1.2')['nova_lite_object.data']
    assert 'locked_reason' not in data and data['locked'] is True
    assert 'fixed_ips' in data
    data = instance.obj_to_primitive()['nova_lite_object.data']
    assert data['locked_reason'] == 'maintenance'


def test_request_spec_backport_to_1_0_drops_image(ctx):
    spec = objects.RequestSpec(instance_uuid=UUID, image=_image())
    data = _backport(spec, 'RequestSpec', '1.0')['nova_lite_object.data']
    assert 'image' not in data and data['instance_uuid'] == UUID


def test_fixed_ip_network_info():
    assert objects.FixedIPList(objects=[_fixed_ip()]).to_network_info() == [
        {'network': 'private', 'address': '10.0.0.2',
         'mac': 'fa:16:3e:00:00:01', 'version': 4}]


def test_service_version_history():
    history = service_obj.SERVICE_VERSION_HISTORY
    assert isinstance(history, tuple)
    assert len(history) == service_obj.SERVICE_VERSION + 1
    assert set(service_obj.RELEASES.values()) <= set(range(len(history)))
    for entry in history:
        assert set(entry) == {'compute_rpc', 'conductor_rpc',
                              'compute_task_rpc', 'scheduler_rpc'}
    assert objects.Service().version == service_obj.SERVICE_VERSION


def _flavor():
    return objects.Flavor(
        id=1, flavorid='m1', name='m1.small', memory_mb=2048, vcpus=1,
        root_gb=20, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
        vcpu_weight=None, disabled=False, is_public=True, description=None,
        extra_specs={'hw:cpu_policy': 'shared'}, projects=['p1'],
        created_at=NOW, updated_at=None)


def _image():
    return objects.Image(
        id=UUID, name='cirros', status='active', visibility='public',
        protected=False, container_format='bare', disk_format='qcow2',
        min_disk=1, min_ram=64, size=None, checksum=None, owner='p1',
        properties={'hw_disk_bus': 'virtio'}, tags=['a'], created_at=NOW,
        updated_at=None)


def _fixed_ip():
    return objects.FixedIP(id=1, network='private', address='10.0.0.2',
                           mac_address='fa:16:3e:00:00:01',
                           instance_uuid=UUID, created_at=NOW)


def _service():
    return objects.Service(id=1, uuid=UUID, host='h',
                           binary='nova-lite-compute', topic='compute',
                           report_count=3, disabled=False, last_seen_up=NOW,
                           forced_down=False, version=1)


def _node():
    return objects.ComputeNode(id=1, uuid=UUID, host='h', vcpus=4,
                               memory_mb=4096, host_ip='192.0.2.1',
                               cpu_allocation_ratio=16.0, generation=2)


def _samples():
    fault = objects.InstanceFault(id=1, instance_uuid=UUID, code=500,
                                  message='boom', details='trace',
                                  host='h1', created_at=NOW, updated_at=None)
    instance = objects.Instance(
        id=1, uuid=UUID, project_id='p1', display_name='vm', flavor=_flavor(),
        vm_state='active', task_state=None, power_state=1, launched_at=NOW,
        access_ip_v4='10.0.0.5', metadata={'k': 'v'}, fault=fault,
        fixed_ips=[_fixed_ip()], deleted=False, created_at=NOW)
    singles = [
        _flavor(), fault, instance, _service(), _node(), _image(),
        _fixed_ip(),
        objects.HostState(compute_node=_node(), service=_service(),
                          usage={'VCPU': 1}, capacity={'VCPU': 64}),
        objects.KeyPair(id=1, name='k', user_id='u', public_key='ssh-rsa A',
                        fingerprint='f', type='ssh'),
        objects.InstanceAction(id=1, action='reboot', instance_uuid=UUID,
                               request_id='req-1', start_time=NOW),
        objects.InstanceActionEvent(id=1, event='e', action_id=1,
                                    result='Success', start_time=NOW),
        objects.Allocation(
            id=1, resource_provider_uuid=UUID, consumer_id=UUID,
            resource_class='VCPU', used=2, project_id='p', user_id='u'),
        objects.Migration(
            id=1, uuid=UUID, instance_uuid=UUID, migration_type='resize',
            status='finished', source_compute='h1', source_node='h1',
            dest_compute='h2', dest_node='h2', dest_host='h2',
            old_flavor=_flavor(), new_flavor=_flavor(), project_id='p',
            user_id='u', deleted=False, created_at=NOW),
        objects.InstanceGroup(
            id=1, uuid=UUID, name='g', project_id='p', user_id='u',
            policy='anti-affinity', rules={'max_server_per_host': 2},
            members=[UUID], hosts=['h1'], members_per_host={'h1': 1}),
    ]
    lists = [getattr(objects, one.obj_name() + 'List')(objects=[one])
             for one in singles if one.obj_name() != 'InstanceFault'] + [
        objects.InstanceFaultList(objects=[fault])]
    return singles + lists + [
        objects.RequestSpec(instance_uuid=UUID, flavor=_flavor(),
                            num_instances=1, scheduler_hints={'a': ['b']},
                            ignore_hosts=None, force_hosts=['h1'],
                            image=_image()),
        objects.Quotas(),
        objects.Selection(service_host='h', nodename='n',
                          compute_node_uuid=UUID, availability_zone=None,
                          allocation={'VCPU': 1, 'MEMORY_MB': 512}),
    ]


def test_samples_cover_every_object():
    assert {obj.obj_name() for obj in _samples()} == set(object_data)


@pytest.mark.parametrize('obj', _samples(), ids=lambda o: o.obj_name())
def test_serializer_round_trip(ctx, obj):
    serializer = base.NovaLiteObjectSerializer()
    primitive = jsonutils.loads(jsonutils.dumps(
        serializer.serialize_entity(ctx, obj)))
    back = serializer.deserialize_entity(ctx, primitive)
    assert type(back) is type(obj)
    assert base.obj_to_primitive(back) == base.obj_to_primitive(obj)


def test_in_place_changes_of_dict_fields_are_noticed():
    flavor = _flavor()
    flavor.obj_reset_changes()
    assert flavor.obj_what_changed() == set()
    flavor.extra_specs['new'] = 'x'
    assert flavor.obj_what_changed() == {'extra_specs'}
    flavor.obj_reset_changes()
    assert flavor.obj_what_changed() == set()
    # Also after a trip over the wire.
    back = objects.Flavor.obj_from_primitive(flavor.obj_to_primitive())
    back.projects.append('p2')
    assert back.obj_what_changed() == {'projects'}
    assert back.obj_clone().obj_what_changed() == {'projects'}


def test_objects_do_not_load_sqlalchemy():
    code = ('import sys\n'
            'from nova_lite import objects\n'
            'objects.register_all()\n'
            'loaded = [m for m in ("sqlalchemy", "oslo_db", "alembic",\n'
            '          "nova_lite.db.api") if m in sys.modules]\n'
            'assert not loaded, loaded\n')
    root = os.path.dirname(os.path.dirname(nova_lite.__file__))
    env = dict(os.environ, PYTHONPATH=root)
    result = subprocess.run([sys.executable, '-c', code], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_without_conductor_a_remotable_call_hits_the_guard(ctx, monkeypatch):
    """A compute that forgot its indirection_api fails loudly."""
    monkeypatch.setattr(sys, 'argv', ['nova-lite-compute'])
    assert base.NovaLiteObject.indirection_api is None
    with pytest.raises(exception.DBNotAllowed) as err:
        objects.Service.get_by_id(ctx, 1)
    assert 'nova-lite-compute' in str(err.value)
