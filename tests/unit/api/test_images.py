"""/image/v2/images: Glance's shapes, filters, paging and errors."""

import datetime

import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.conftest import headers

URL = '/image/v2/images'
ID = '8a5e2b5a-6f1e-4b44-9a39-1d2d0b7a0c01'
JSON = {'Accept': 'application/json'}


def _image(name, owner='p1', visibility='public', **values):
    ctx = nl_context.get_admin_context()
    image = objects.Image(ctx, name=name, owner=owner,
                          visibility=visibility, disk_format='qcow2',
                          container_format='bare', **values)
    image.create()
    return image


@pytest.fixture
def images(api):
    made = [_image('cirros', id=ID, size=13167616, checksum='abc',
                   min_disk=1, tags=['t'],
                   properties={'hw_disk_bus': 'virtio'}),
            _image('own', visibility='private'),
            _image('theirs', owner='p2', visibility='private'),
            _image('shared-theirs', owner='p2', visibility='shared')]
    return made


def test_show(api, images):
    image = api.get(URL + '/' + ID, headers=headers(MEMBER)).json
    created = image.pop('created_at')
    assert datetime.datetime.strptime(created, '%Y-%m-%dT%H:%M:%SZ')
    assert image.pop('updated_at').endswith('Z')
    assert image == {
        'id': ID, 'name': 'cirros', 'status': 'active',
        'visibility': 'public', 'protected': False, 'os_hidden': False,
        'checksum': 'abc', 'os_hash_algo': None, 'os_hash_value': None,
        'size': 13167616, 'virtual_size': None, 'min_disk': 1,
        'min_ram': 0, 'disk_format': 'qcow2', 'container_format': 'bare',
        'owner': 'p1', 'tags': ['t'], 'hw_disk_bus': 'virtio',
        'self': '/v2/images/' + ID, 'file': '/v2/images/%s/file' % ID,
        'schema': '/v2/schemas/image'}


def test_show_not_found_is_glance_style(api, images):
    theirs = images[2].id
    for image_id in (theirs, 'nope'):
        response = api.get(URL + '/' + image_id,
                           headers=headers(MEMBER, **JSON), status=404)
        assert response.json['message'].startswith(
            'No image found with ID %s' % image_id)
        assert response.json['code'] == '404 Not Found'
    api.get(URL + '/' + theirs, headers=headers(ADMIN))


def _names(api, query='', token=MEMBER):
    body = api.get(URL + query, headers=headers(token)).json
    return sorted(image['name'] for image in body['images'])


def test_list_visibility_and_filters(api, images):
    assert _names(api) == ['cirros', 'own']
    assert _names(api, token=OTHER) == ['cirros', 'shared-theirs',
                                        'theirs']
    assert len(_names(api, token=ADMIN)) == 4
    assert _names(api, '?name=own') == ['own']
    assert _names(api, '?visibility=private') == ['own']
    assert _names(api, '?owner=p1&status=active') == ['cirros', 'own']
    body = api.get(URL, headers=headers(MEMBER)).json
    assert body['schema'] == '/v2/schemas/images'
    assert body['first'] == '/v2/images'
    assert 'next' not in body


def test_list_pages(api, images):
    page = api.get(URL + '?limit=2&sort_key=name&sort_dir=asc',
                   headers=headers(ADMIN)).json
    names = [image['name'] for image in page['images']]
    assert names == ['cirros', 'own']
    last = page['images'][-1]['id']
    assert page['next'] == (
        '/v2/images?limit=2&sort_key=name&sort_dir=asc&marker=%s' % last)
    rest = api.get('/image' + page['next'], headers=headers(ADMIN)).json
    assert [i['name'] for i in rest['images']] == ['shared-theirs',
                                                   'theirs']


def test_list_errors(api, images):
    for query in ('?limit=x', '?limit=-1', '?visibility=bogus',
                  '?marker=nope', '?sort_key=bogus'):
        api.get(URL + query, headers=headers(MEMBER, **JSON), status=400)


def test_images_need_a_token(api):
    api.get(URL, status=401)
