"""Response bodies of the Glance v2 subset (Glance's shapes).

Links are relative to the image endpoint (``/v2/images/<id>``), as Glance
writes them; custom properties are flattened into the image.
"""

import urllib.parse

SCHEMA = '/v2/schemas/image'
SCHEMA_LIST = '/v2/schemas/images'
COLLECTION = '/v2/images'


def _time(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def show(image):
    body = dict(image.properties)
    body.update({
        'id': image.id,
        'name': image.name,
        'status': image.status,
        'visibility': image.visibility,
        'protected': image.protected,
        'os_hidden': False,
        'checksum': image.checksum,
        'os_hash_algo': None,
        'os_hash_value': None,
        'size': image.size,
        'virtual_size': None,
        'min_disk': image.min_disk,
        'min_ram': image.min_ram,
        'disk_format': image.disk_format,
        'container_format': image.container_format,
        'owner': image.owner,
        'tags': list(image.tags),
        'created_at': _time(image.created_at),
        'updated_at': _time(image.updated_at or image.created_at),
        'self': '%s/%s' % (COLLECTION, image.id),
        'file': '%s/%s/file' % (COLLECTION, image.id),
        'schema': SCHEMA,
    })
    return body


def index(request, images, limit):
    """``{"images": [...], "first": ..., "schema": ..., ["next": ...]}``."""
    params = [(k, v) for k, v in request.GET.items() if k != 'marker']
    body = {
        'images': [show(image) for image in images],
        'schema': SCHEMA_LIST,
        'first': COLLECTION + (
            '?' + urllib.parse.urlencode(params) if params else ''),
    }
    if images and len(images) >= limit:
        params.append(('marker', images[-1].id))
        body['next'] = '%s?%s' % (COLLECTION, urllib.parse.urlencode(params))
    return body


def versions(request):
    """The versions document of ``/image`` (CURRENT first, as Glance)."""
    href = request.application_url + '/image/v2/'
    current = 7
    return {'versions': [
        {'id': 'v2.%d' % minor,
         'status': 'CURRENT' if minor == current else 'SUPPORTED',
         'links': [{'rel': 'self', 'href': href}]}
        for minor in range(current, -1, -1)]}
