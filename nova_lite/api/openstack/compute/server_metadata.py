"""/servers/{server_id}/metadata[/{key}]: a server's metadata items.

======  ==============================  ===================================
GET     /servers/{id}/metadata          ``{"metadata": {...}}``
POST    /servers/{id}/metadata          add or change items; all of them
PUT     /servers/{id}/metadata          replace every item; the new ones
GET     /servers/{id}/metadata/{key}    ``{"meta": {key: value}}``
PUT     /servers/{id}/metadata/{key}    set one item (key in URL and body)
DELETE  /servers/{id}/metadata/{key}    204
======  ==============================  ===================================

As Nova: another project's server is a 404 (before the policy check);
more items than ``[quota] metadata_items`` is a 403; changing metadata of
a locked server (unless admin), or in a state that does not allow it, is a
409 (compute.api decides).
"""

import pecan

from nova_lite.api import common
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import server_metadata as schemas
from nova_lite.api import validation
from nova_lite.compute import api as compute_api
from nova_lite import exception
from nova_lite.policies import server_metadata as policies

_ONE_RANGE = '2.1'


class ServerMetadataController(base.Controller):

    def __init__(self):
        super().__init__()
        self.compute_api = compute_api.API()

    def _server(self, server_id, rule):
        """The caller's server (404 otherwise), after its ``rule``."""
        context = pecan.request.context
        instance = self.compute_api.get(context, server_id)
        policy.authorize(context, policies.POLICY_ROOT % rule,
                         policy.instance_target(instance))
        return instance

    def _update(self, instance, metadata, delete, verb):
        try:
            return self.compute_api.update_instance_metadata(
                pecan.request.context, instance, metadata, delete=delete)
        except exception.InstanceInvalidState as exc:
            raise common.invalid_state_conflict(exc, verb, instance.uuid)

    # Methods of the collection itself beyond get_all and post (pecan's
    # RestController sends a PUT without an id to ``put``).
    _collection_methods = {'put': 'update_all'}

    def _handle_put(self, method, remainder, request=None):
        # PUT .../metadata (no key) replaces every item: update_all.
        if not [part for part in remainder if part]:
            return getattr(self, self._collection_methods['put']), remainder
        return super()._handle_put(method, remainder, request)

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schema(schemas.metadata_response, _ONE_RANGE)
    def get_all(self, server_id):
        instance = self._server(server_id, 'index')
        return {'metadata': dict(instance.metadata)}

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schema(schemas.meta_response, _ONE_RANGE)
    def get_one(self, server_id, key):
        instance = self._server(server_id, 'show')
        if key not in instance.metadata:
            raise exception.MetadataItemNotFound()
        return {'meta': {key: instance.metadata[key]}}

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schema(schemas.metadata_response, _ONE_RANGE)
    @validation.schema(schemas.create, _ONE_RANGE)
    def post(self, server_id, body):
        instance = self._server(server_id, 'create')
        metadata = self._update(instance, body['metadata'], False,
                                'update metadata')
        return {'metadata': dict(metadata)}

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schema(schemas.metadata_response, _ONE_RANGE)
    @validation.schema(schemas.update_all, _ONE_RANGE)
    def update_all(self, server_id, body):
        instance = self._server(server_id, 'update_all')
        metadata = self._update(instance, body['metadata'], True,
                                'update metadata')
        return {'metadata': dict(metadata)}

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schema(schemas.meta_response, _ONE_RANGE)
    @validation.schema(schemas.update, _ONE_RANGE)
    def put(self, server_id, key, body):
        instance = self._server(server_id, 'update')
        item = body['meta']
        if key not in item:
            raise exception.Invalid('Request body and URI mismatch')
        self._update(instance, item, False, 'update metadata')
        return {'meta': item}

    @pecan.expose('json')
    @validation.query_schema(schemas.query)
    @validation.response_body_schema(None, _ONE_RANGE)
    def delete(self, server_id, key):
        instance = self._server(server_id, 'delete')
        if key not in instance.metadata:
            raise exception.MetadataItemNotFound()
        try:
            self.compute_api.delete_instance_metadata(
                pecan.request.context, instance, key)
        except exception.InstanceInvalidState as exc:
            raise common.invalid_state_conflict(exc, 'delete metadata',
                                                instance.uuid)
        return common.empty_response(204)
