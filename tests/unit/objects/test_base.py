"""The faster answers NovaLiteObject gives in place of oslo.versionedobjects'
must be the same answers."""

import datetime

import netaddr
from oslo_versionedobjects import base as ovo_base
import pytest

from nova_lite import objects
from nova_lite.objects import base


def _instance():
    flavor = objects.Flavor(id=1, flavorid='f1', name='tiny', memory_mb=64,
                            vcpus=1, root_gb=1, ephemeral_gb=0, swap=0,
                            extra_specs={})
    instance = objects.Instance(uuid='6b0f4fd8-2b0b-4f7e-9c56-0d6c4c3e1a11',
                                host='h1', metadata={'a': '1'},
                                access_ip_v4='10.0.0.5', flavor=flavor,
                                locked=False)
    instance.obj_reset_changes(recursive=True)
    return instance


def test_attr_is_set_matches_ovo():
    instance = _instance()
    for name in instance.fields:
        assert instance.obj_attr_is_set(name) == (
            ovo_base.VersionedObject.obj_attr_is_set(instance, name))
    with pytest.raises(AttributeError):
        instance.obj_attr_is_set('no_such_field')


def test_what_changed_sees_nested_objects_and_matches_ovo():
    instance = _instance()
    assert instance.obj_what_changed() == set()
    instance.host = 'h2'
    instance.flavor.name = 'renamed'
    expected = ovo_base.VersionedObject.obj_what_changed(instance)
    assert base.NovaLiteObject.obj_what_changed(instance) == expected
    assert expected == {'host', 'flavor'}


def test_round_trip_keeps_types_and_changes():
    instance = _instance()
    instance.display_name = 'changed'
    again = objects.Instance.obj_from_primitive(instance.obj_to_primitive())
    for name in instance.fields:
        if instance.obj_attr_is_set(name) and name != 'flavor':
            assert getattr(again, name) == getattr(instance, name), name
    assert again.flavor.name == 'tiny'
    # Fields the shortcut does not take still go through their field.
    assert isinstance(again.access_ip_v4, netaddr.IPAddress)
    assert type(again.metadata) is not dict  # oslo's CoercedDict
    again.metadata['b'] = '2'
    assert again.obj_what_changed() == {'display_name', 'metadata'}


@pytest.mark.parametrize('when', [
    datetime.datetime(2026, 11, 21, 20, 7, 31, tzinfo=datetime.timezone.utc),
    datetime.datetime(2026, 11, 21, 20, 7, 31, 123456,
                      tzinfo=datetime.timezone.utc)])
def test_datetimes_parse_as_the_field_parses_them(when):
    instance = _instance()
    instance.launched_at = when
    primitive = instance.obj_to_primitive()
    again = objects.Instance.obj_from_primitive(primitive)
    by_ovo = ovo_base.VersionedObject.obj_from_primitive.__func__(
        objects.Instance, primitive)
    # The primitive keeps whole seconds, whoever parses it.
    assert again.launched_at == by_ovo.launched_at == when.replace(
        microsecond=0)
    assert again.launched_at.utcoffset() == datetime.timedelta(0)


def test_from_db_object_coerces_what_the_db_does_not_give_as_is():
    row = dict(id=7, name='tiny', memory_mb=64, vcpus=1, root_gb=1,
               ephemeral_gb=0, flavorid='f1', swap=0, rxtx_factor=1,
               vcpu_weight=None, disabled=0, is_public=1, description=None,
               extra_specs={}, projects=[], updated_at=None,
               created_at=datetime.datetime(2026, 11, 21, 20, 0, 0))
    flavor = base.from_db_object(None, objects.Flavor(), row)
    assert (flavor.id, flavor.name, flavor.memory_mb) == (7, 'tiny', 64)
    # A tinyint becomes a bool, an int a float where the field says so,
    # and a naive datetime an aware one.
    assert (flavor.disabled, flavor.is_public) == (False, True)
    assert type(flavor.rxtx_factor) is float
    assert flavor.created_at.utcoffset() == datetime.timedelta(0)
    assert flavor.obj_what_changed() == set()
