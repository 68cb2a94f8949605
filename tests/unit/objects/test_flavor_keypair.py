"""Flavor and KeyPair objects."""

import pytest

from nova_lite import exception
from nova_lite import objects


def _flavor(ctx, name='m1.small', **values):
    values.setdefault('memory_mb', 2048)
    values.setdefault('vcpus', 1)
    flavor = objects.Flavor(ctx, name=name, **values)
    flavor.create()
    return flavor


def test_create_and_get(ctx, via):
    flavor = _flavor(ctx, flavorid='2', root_gb=20,
                     extra_specs={'hw:cpu_policy': 'shared'})
    assert (flavor.swap, flavor.ephemeral_gb, flavor.is_public) == (
        0, 0, True)
    for loaded in (objects.Flavor.get_by_id(ctx, flavor.id),
                   objects.Flavor.get_by_flavor_id(ctx, '2'),
                   objects.Flavor.get_by_name(ctx, 'm1.small')):
        assert loaded.extra_specs == {'hw:cpu_policy': 'shared'}
        assert loaded.projects == []
    generated = _flavor(ctx, 'm1.other')
    assert len(generated.flavorid) == 36
    with pytest.raises(exception.FlavorExists):
        _flavor(ctx)
    with pytest.raises(exception.FlavorNotFound):
        objects.Flavor.get_by_flavor_id(ctx, 'nope')
    with pytest.raises(exception.FlavorNotFoundByName):
        objects.Flavor.get_by_name(ctx, 'nope')


def test_save_extra_specs_and_description(ctx, via):
    flavor = _flavor(ctx, extra_specs={'a': '1', 'b': '2'})
    flavor.extra_specs['c'] = '3'
    del flavor.extra_specs['a']
    flavor.description = 'general purpose'
    flavor.save()
    assert flavor.obj_what_changed() == set()
    stored = objects.Flavor.get_by_id(ctx, flavor.id)
    assert stored.extra_specs == {'b': '2', 'c': '3'}
    assert stored.description == 'general purpose'
    stored.memory_mb = 1
    with pytest.raises(exception.ObjectActionError):
        stored.save()


def test_access(ctx, via):
    flavor = _flavor(ctx, is_public=False)
    flavor.add_access('p2')
    flavor.add_access('p3')
    assert flavor.projects == ['p2', 'p3']
    with pytest.raises(exception.FlavorAccessExists):
        flavor.add_access('p2')
    flavor.remove_access('p2')
    assert objects.Flavor.get_by_id(ctx, flavor.id).projects == ['p3']
    with pytest.raises(exception.FlavorAccessNotFound):
        flavor.remove_access('p2')
    flavor.projects.append('p4')
    with pytest.raises(exception.ObjectActionError):
        flavor.add_access('p5')


def test_list_and_destroy(ctx, via):
    _flavor(ctx, 'a', flavorid='1', memory_mb=512)
    _flavor(ctx, 'b', flavorid='2', memory_mb=1024)
    private = _flavor(ctx, 'c', flavorid='3', is_public=False)
    private.add_access(ctx.project_id)
    _flavor(ctx, 'd', flavorid='4', is_public=False)
    names = [f.name for f in objects.FlavorList.get_all(
        ctx, filters={'is_public': True})]
    assert names == ['a', 'b', 'c']
    names = [f.name for f in objects.FlavorList.get_all(
        ctx, filters={'min_memory_mb': 1024}, limit=2, marker='2')]
    assert names == ['c', 'd']
    private.destroy()
    with pytest.raises(exception.FlavorNotFound):
        objects.Flavor.get_by_id(ctx, private.id)


def test_key_pairs(ctx, via):
    for name in ('b', 'a', 'c'):
        objects.KeyPair(ctx, name=name, user_id='u1', fingerprint='f',
                        public_key='ssh-ed25519 AAAA').create()
    keypair = objects.KeyPair.get_by_name(ctx, 'u1', 'a')
    assert (keypair.type, keypair.public_key) == ('ssh', 'ssh-ed25519 AAAA')
    with pytest.raises(exception.KeyPairExists):
        objects.KeyPair(ctx, name='a', user_id='u1').create()
    page = objects.KeyPairList.get_by_user(ctx, 'u1', limit=2)
    assert [k.name for k in page] == ['a', 'b']
    page = objects.KeyPairList.get_by_user(ctx, 'u1', marker='b')
    assert [k.name for k in page] == ['c']
    assert objects.KeyPairList.get_count_by_user(ctx, 'u1') == 3
    keypair.destroy()
    objects.KeyPair.destroy_by_name(ctx, 'u1', 'b')
    assert objects.KeyPairList.get_count_by_user(ctx, 'u1') == 1
    with pytest.raises(exception.KeypairNotFound):
        objects.KeyPair.get_by_name(ctx, 'u1', 'a')
