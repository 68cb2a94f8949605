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
    'AllocationList': '1.0-6fe66f623ca290dd2ed4dddb438d3f07',
    'ComputeNode': '1.0-bc4448bd80e728fe363c2399d9e7d916',
    'ComputeNodeList': '1.0-2869e5881bb3692cefc9723beaeb30f7',
    'Flavor': '1.0-eb6458be46a7cb35c6cae88ddc6059e0',
    'FlavorList': '1.0-52b5928600e7ca973aa4fc1e46f3934c',
    'Instance': '1.0-c006d3179910dc9df59fbb555d3c252e',
    'InstanceAction': '1.0-71695b36ccb2ff7a4bbb811d6f9f5ac6',
    'InstanceActionEvent': '1.0-5434e20c5542146d7046f542b65e5bbf',
    'InstanceActionEventList': '1.0-13d92fb953030cdbfee56481756e02be',
    'InstanceActionList': '1.0-b0237283c55839f0b794800a8c62c4b7',
    'InstanceFault': '1.0-eab2dc5c0aca65976dea1954de16a60a',
    'InstanceFaultList': '1.0-f011c42fc302abc19a676d600dfaae73',
    'InstanceList': '1.0-73f65bbce5bf10ef6db78f0a47f845c3',
    'KeyPair': '1.0-1758cf35b624ff1d441f2666daeb4c19',
    'KeyPairList': '1.0-94aad3ac5c938eef4b5e83da0212f506',
    'RequestSpec': '1.0-904b4ed5ce7025bc7f4776c6d5cc4c1a',
    'Selection': '1.0-6fb75d2bbdc5da3f16dc9938e349ef76',
    'Service': '1.1-6ca0f3fffec4d073b63776a331826576',
    'ServiceList': '1.0-a724744fa2fb358610c71a6cd671434f',
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


def _samples():
    fault = objects.InstanceFault(id=1, instance_uuid=UUID, code=500,
                                  message='boom', details='trace',
                                  host='h1', created_at=NOW, updated_at=None)
    instance = objects.Instance(
        id=1, uuid=UUID, project_id='p1', display_name='vm', flavor=_flavor(),
        vm_state='active', task_state=None, power_state=1, launched_at=NOW,
        access_ip_v4='10.0.0.5', metadata={'k': 'v'}, fault=fault,
        deleted=False, created_at=NOW)
    singles = [
        _flavor(), fault, instance,
        objects.Service(id=1, uuid=UUID, host='h', binary='nova-lite-compute',
                        topic='compute', report_count=3, disabled=False,
                        last_seen_up=NOW, forced_down=False, version=1),
        objects.ComputeNode(id=1, uuid=UUID, host='h', vcpus=4,
                            memory_mb=4096, host_ip='192.0.2.1',
                            cpu_allocation_ratio=16.0, generation=2),
        objects.KeyPair(id=1, name='k', user_id='u', public_key='ssh-rsa A',
                        fingerprint='f', type='ssh'),
        objects.InstanceAction(id=1, action='reboot', instance_uuid=UUID,
                               request_id='req-1', start_time=NOW),
        objects.InstanceActionEvent(id=1, event='e', action_id=1,
                                    result='Success', start_time=NOW),
        objects.Allocation(
            id=1, resource_provider_uuid=UUID, consumer_id=UUID,
            resource_class='VCPU', used=2, project_id='p', user_id='u'),
    ]
    lists = [getattr(objects, one.obj_name() + 'List')(objects=[one])
             for one in singles if one.obj_name() != 'InstanceFault'] + [
        objects.InstanceFaultList(objects=[fault])]
    return singles + lists + [
        objects.RequestSpec(instance_uuid=UUID, flavor=_flavor(),
                            num_instances=1, scheduler_hints={'a': ['b']},
                            ignore_hosts=None, force_hosts=['h1']),
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
