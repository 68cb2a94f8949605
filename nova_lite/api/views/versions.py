"""The compute version documents (``GET /`` and ``GET /v2.1``)."""

from nova_lite.api import microversion

UPDATED = '2013-07-23T11:33:21Z'
DOCS = 'http://docs.openstack.org/'
MEDIA_TYPE = 'application/vnd.openstack.compute+json;version=2.1'


def _v21(request, detailed):
    version = {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': str(microversion.MAX_VERSION),
        'min_version': str(microversion.MIN_VERSION),
        'updated': UPDATED,
        'links': [{'rel': 'self',
                   'href': request.application_url + '/v2.1/'}],
    }
    if detailed:
        version['links'].append(
            {'rel': 'describedby', 'type': 'text/html', 'href': DOCS})
        version['media-types'] = [
            {'base': 'application/json', 'type': MEDIA_TYPE}]
    return version


def versions_list(request):
    """``GET /``: every API version served here (only v2.1: the legacy v2.0
    endpoint is not served, so it is not advertised)."""
    return {'versions': [_v21(request, detailed=False)]}


def version_document(request):
    """``GET /v2.1``."""
    return {'version': _v21(request, detailed=True)}
