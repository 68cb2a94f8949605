"""Response bodies of /os-keypairs (Nova's shapes, up to microversion 2.73).

A list item is wrapped: ``{"keypairs": [{"keypair": {...}}]}``. Show adds
the database fields; key pairs are hard-deleted here, so ``deleted`` is
always false and ``deleted_at`` null.
"""

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.views import services


def _index_fields(request, keypair):
    item = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if microversion.supports_keypair_type(request):
        item['type'] = keypair.type
    return item


def create(request, keypair, private_key=None):
    """The created (or imported) key pair; ``private_key`` if generated."""
    item = dict(_index_fields(request, keypair), user_id=keypair.user_id)
    if private_key is not None:
        item['private_key'] = private_key
    return {'keypair': item}


def show(request, keypair):
    item = dict(_index_fields(request, keypair),
                user_id=keypair.user_id,
                id=keypair.id,
                created_at=services.timestamp(keypair.created_at),
                updated_at=services.timestamp(keypair.updated_at),
                deleted=False,
                deleted_at=None)
    return {'keypair': item}


def index(request, keypairs, limit=None):
    """``keypairs`` and, when paging (2.35) filled a page, the
    ``keypairs_links`` (marker: the last key pair's name)."""
    body = {'keypairs': [{'keypair': _index_fields(request, keypair)}
                         for keypair in keypairs]}
    if limit is not None:
        links = common.collection_links(
            request, [item['keypair'] for item in body['keypairs']],
            'os-keypairs', limit, id_key='name')
        if links:
            body['keypairs_links'] = links
    return body
