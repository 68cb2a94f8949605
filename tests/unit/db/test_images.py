"""Images in the database layer: visibility, filters, paging, delete."""

import pytest
from oslo_utils import uuidutils

from nova_lite.db import image_api
from nova_lite import exception


def _image(name, visibility='public', owner=None, **values):
    values.update(id=uuidutils.generate_uuid(), name=name, status='active',
                  visibility=visibility, owner=owner)
    values.setdefault('protected', False)
    values.setdefault('min_disk', 0)
    values.setdefault('min_ram', 0)
    return image_api.image_create(values, values.pop('properties', None),
                                  values.pop('tags', None))


def _names(rows):
    return sorted(row.name for row in rows)


@pytest.fixture
def catalog(db):
    return {
        'public': _image('public'),
        'mine': _image('mine', 'private', owner='p1'),
        'theirs': _image('theirs', 'private', owner='p2'),
        'shared': _image('shared', 'shared', owner='p2'),
        'community': _image('community', 'community', owner='p2'),
        'my-community': _image('my-community', 'community', owner='p1'),
    }


def test_create_with_properties_and_tags(db):
    image = _image('cirros', properties={'hw_disk_bus': 'virtio',
                                         'os_distro': 'cirros'},
                   tags=['b', 'a', 'a'], min_ram=64, size=12345678901)
    loaded = image_api.image_get(image.id)
    assert {p.name: p.value for p in loaded.properties} == {
        'hw_disk_bus': 'virtio', 'os_distro': 'cirros'}
    assert sorted(t.value for t in loaded.tags) == ['a', 'b']
    assert (loaded.min_ram, loaded.size) == (64, 12345678901)
    assert loaded.created_at is not None
    with pytest.raises(exception.ImageExists):
        image_api.image_create({'id': image.id, 'status': 'active',
                                'visibility': 'public', 'protected': False,
                                'min_disk': 0, 'min_ram': 0})


def test_get_follows_glance_visibility(catalog):
    get = image_api.image_get
    for name in ('public', 'mine', 'community', 'my-community'):
        assert get(catalog[name].id, project_id='p1').name == name
    for name in ('theirs', 'shared'):
        with pytest.raises(exception.ImageNotFound) as err:
            get(catalog[name].id, project_id='p1')
        assert err.value.code == 404
    for name in catalog:
        assert get(catalog[name].id, is_admin=True).name == name
    assert get(catalog['public'].id).name == 'public'
    with pytest.raises(exception.ImageNotFound):
        get(catalog['mine'].id)


def test_list_follows_glance_visibility(catalog):
    get_all = image_api.image_get_all
    assert _names(get_all(project_id='p1')) == [
        'mine', 'my-community', 'public']
    assert _names(get_all(is_admin=True)) == sorted(catalog)
    assert _names(get_all({'visibility': 'community'},
                          project_id='p1')) == ['community', 'my-community']
    assert _names(get_all({'visibility': 'all'}, project_id='p1')) == [
        'community', 'mine', 'my-community', 'public']
    assert _names(get_all({'visibility': 'private'}, project_id='p1')) == [
        'mine']
    assert _names(get_all({'visibility': 'private'}, is_admin=True)) == [
        'mine', 'theirs']
    with pytest.raises(exception.InvalidInput):
        get_all({'visibility': 'everyone'}, project_id='p1')


def test_list_filters(catalog):
    get_all = image_api.image_get_all
    assert _names(get_all({'name': 'public'}, project_id='p1')) == ['public']
    assert _names(get_all({'owner': 'p2'}, is_admin=True)) == [
        'community', 'shared', 'theirs']
    assert _names(get_all({'status': 'queued'}, is_admin=True)) == []
    with pytest.raises(exception.InvalidInput):
        get_all({'size_min': 1})


def test_list_sort_and_page(catalog):
    get_all = image_api.image_get_all
    everything = [r.name for r in get_all(is_admin=True, sort_key='name',
                                          sort_dir='asc')]
    assert everything == sorted(catalog)
    pages, marker = [], None
    while True:
        page = get_all(is_admin=True, sort_key='name', sort_dir='asc',
                       limit=4, marker=marker)
        if not page:
            break
        pages.extend(r.name for r in page)
        marker = page[-1].id
    assert pages == everything
    # A marker the project cannot see is an unknown marker.
    with pytest.raises(exception.MarkerNotFound):
        get_all(project_id='p1', marker=catalog['theirs'].id)
    with pytest.raises(exception.InvalidSortKey):
        get_all(sort_key='owner')


def test_destroy(db):
    image = _image('gone', properties={'k': 'v'}, tags=['t'])
    image_api.image_destroy(image.id)
    with pytest.raises(exception.ImageNotFound):
        image_api.image_get(image.id, is_admin=True)
    with pytest.raises(exception.ImageNotFound):
        image_api.image_destroy(image.id)
    locked = _image('locked', protected=True)
    with pytest.raises(exception.ImageProtected) as err:
        image_api.image_destroy(locked.id)
    assert err.value.code == 403
    assert image_api.image_get(locked.id, is_admin=True).protected
