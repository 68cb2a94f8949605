"""/os-keypairs: create or import, list, show and delete key pairs.

Key pairs belong to a user (not a project): everyone sees only their own;
from 2.10 an administrator names another user with ``user_id`` (in the
body to create, in the query string otherwise). A create without
``public_key`` generates the key pair and answers the private key once.
"""

import string

import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import keypairs as schemas
from nova_lite.api import validation
from nova_lite.api.views import keypairs as views
from nova_lite import crypto
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import keypairs as policies

_SAFE_NAME_CHARS = frozenset('_- ' + string.digits + string.ascii_letters)


def _owner(request, requested=None):
    """Whose key pairs a request is about: ``requested`` (2.10) or the
    caller's own."""
    if requested is None and microversion.supports_keypair_user_id(request):
        requested = request.GET.get('user_id')
    return requested or request.context.user_id


def _authorize(request, action, user_id):
    policy.authorize(request.context, policies.POLICY_ROOT % action,
                     {'user_id': user_id})


def _check_name(name):
    if not set(name) <= _SAFE_NAME_CHARS:
        raise exception.InvalidKeypair(
            reason='Keypair name contains unsafe characters')


def _check_quota(context, user_id, adding):
    """KeypairLimitExceeded (403) if ``user_id`` would own more key pairs
    than ``[quota] key_pairs``; ``adding=0`` rechecks after a create."""
    allowed = objects.Quotas.get_limits()['key_pairs']
    if allowed < 0:
        return
    if objects.KeyPairList.get_count_by_user(context, user_id) + adding > (
            allowed):
        raise exception.KeypairLimitExceeded()


def _new_keypair(context, user_id, values):
    """The KeyPair to store and, when generated, its private key."""
    key_type = values.get('type', 'ssh')
    private_key = None
    if 'public_key' in values:
        public_key = values['public_key']
        fingerprint = crypto.fingerprint(public_key, key_type)
    else:
        private_key, public_key, fingerprint = crypto.generate_key_pair(
            key_type, user_id)
    keypair = objects.KeyPair(context, name=values['name'], user_id=user_id,
                              type=key_type, public_key=public_key,
                              fingerprint=fingerprint)
    return keypair, private_key


class KeypairsController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.9')
    @validation.query_schema(schemas.index_query_v210, '2.10', '2.34')
    @validation.query_schema(schemas.index_query_v235, '2.35')
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        request = pecan.request
        user_id = _owner(request)
        _authorize(request, 'index', user_id)
        limit = marker = None
        if microversion.supports_keypair_pagination(request):
            limit, marker = common.limit_and_marker(request)
        keypairs = objects.KeyPairList.get_by_user(
            request.context, user_id, limit=limit, marker=marker)
        return views.index(request, keypairs, limit)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.9')
    @validation.query_schema(schemas.show_query_v210, '2.10')
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, name):
        request = pecan.request
        user_id = _owner(request)
        _authorize(request, 'show', user_id)
        keypair = objects.KeyPair.get_by_name(request.context, user_id, name)
        return views.show(request, keypair)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.create_response)
    @validation.schema(schemas.create, '2.1', '2.1')
    @validation.schema(schemas.create_v22, '2.2', '2.9')
    @validation.schema(schemas.create_v210, '2.10')
    def post(self, body):
        request = pecan.request
        context = request.context
        values = body['keypair']
        user_id = _owner(request, values.get('user_id'))
        _authorize(request, 'create', user_id)
        _check_name(values['name'])
        _check_quota(context, user_id, 1)
        keypair, private_key = _new_keypair(context, user_id, values)
        keypair.create()
        try:
            _check_quota(context, user_id, 0)
        except exception.KeypairLimitExceeded:
            # Another create won the race for the last slot.
            keypair.destroy()
            raise
        if microversion.supports_keypair_type(request):
            pecan.response.status = 201
        return views.create(request, keypair, private_key)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.9')
    @validation.query_schema(schemas.show_query_v210, '2.10')
    @validation.response_body_schemas(schemas.delete_response)
    def delete(self, name):
        request = pecan.request
        user_id = _owner(request)
        _authorize(request, 'delete', user_id)
        objects.KeyPair.destroy_by_name(request.context, user_id, name)
        status = 204 if microversion.supports_keypair_type(request) else 202
        return common.empty_response(status)
