"""/os-services: list, enable/disable, force down and delete services.

Below 2.53 a service is named by ``host`` and ``binary`` in the body of
``PUT /os-services/{enable,disable,disable-log-reason,force-down}`` and by
its integer id in ``DELETE``; from 2.53 by its uuid, with ``PUT
/os-services/{uuid}`` taking ``status``, ``disabled_reason`` and
``forced_down`` together. The enable/disable logic is the Service
object's, shared with ``nova-lite-manage service``.
"""

from oslo_log import log as logging
from oslo_utils import strutils
from oslo_utils import uuidutils
import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import services as schemas
from nova_lite.api import validation
from nova_lite.api.views import services as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import services as policies

LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-lite-compute'


def _authorize(action):
    context = pecan.request.context
    policy.authorize(context, policies.POLICY_ROOT % action, {})
    return context


def _get_by_path_id(request, service_id):
    """The service a path segment names: a uuid from 2.53, an integer id
    before (400 for anything else, 404 if there is no such service)."""
    if microversion.supports_uuid_service_ids(request):
        if not uuidutils.is_uuid_like(service_id):
            raise exception.Invalid('Invalid uuid %s' % service_id)
        return objects.Service.get_by_uuid(request.context, service_id)
    if not service_id.isdigit():
        raise exception.InvalidInput(reason='id must be an integer')
    return objects.Service.get_by_id(request.context, int(service_id))


def _update_by_uuid(request, service_id, body):
    """``PUT /os-services/{uuid}`` (2.53): a compute's status and
    forced_down, answered with the whole service."""
    service = _get_by_path_id(request, service_id)
    if service.binary != COMPUTE_BINARY:
        raise exception.Invalid(
            'Updating a %s service is not supported. Only %s services can '
            'be updated.' % (service.binary, COMPUTE_BINARY))
    status = body.get('status')
    if status == 'enabled':
        if body.get('disabled_reason'):
            raise exception.Invalid("Specifying 'disabled_reason' with "
                                    "status 'enabled' is invalid.")
        service.enable()
    elif status == 'disabled':
        service.disable(body.get('disabled_reason'))
    if 'forced_down' in body:
        service.forced_down = strutils.bool_from_string(
            body['forced_down'], strict=True)
    if not service.obj_what_changed():
        raise exception.Invalid("No updates were requested. Fields 'status' "
                                "or 'forced_down' should be specified.")
    service.save()
    return views.show(request, service)


def _enable(context, body):
    service = _by_host_and_binary(context, body)
    service.enable()
    service.save()
    return views.action_result(body['host'], body['binary'],
                               status='enabled')


def _disable(context, body, reason=None):
    service = _by_host_and_binary(context, body)
    service.disable(reason)
    service.save()
    result = views.action_result(body['host'], body['binary'],
                                 status='disabled')
    if reason:
        result['service']['disabled_reason'] = reason
    return result


def _disable_log_reason(context, body):
    if 'disabled_reason' not in body:
        raise exception.Invalid('Missing disabled reason field')
    return _disable(context, body, body['disabled_reason'])


def _force_down(context, body):
    if 'forced_down' not in body:
        raise exception.Invalid('Missing forced_down field')
    forced_down = strutils.bool_from_string(body['forced_down'])
    service = _by_host_and_binary(context, body)
    service.forced_down = forced_down
    service.save()
    return views.action_result(body['host'], body['binary'],
                               forced_down=forced_down)


def _by_host_and_binary(context, body):
    host, binary = body['host'], body['binary']
    if binary != COMPUTE_BINARY:
        LOG.warning('Updating the %(binary)s service on host %(host)s is '
                    'not supported: only %(compute)s services are '
                    'scheduled to.',
                    {'binary': binary, 'host': host,
                     'compute': COMPUTE_BINARY})
    return objects.Service.get_by_host_and_binary_or_raise(context, host,
                                                           binary)


# PUT /os-services/<action> below 2.53 (force-down from 2.11).
_ACTIONS = {'enable': _enable, 'disable': _disable,
            'disable-log-reason': _disable_log_reason}
_ACTIONS_V211 = dict(_ACTIONS, **{'force-down': _force_down})


class ServicesController(base.Controller):

    @pecan.expose('json')
    @validation.query_schema(schemas.index_query)
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        request = pecan.request
        context = _authorize('list')
        services = objects.ServiceList.get_all(
            context, host=request.GET.get('host'),
            binary=request.GET.get('binary'))
        return views.index(request, services)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.update_response)
    @validation.schema(schemas.service_update, '2.1', '2.10')
    @validation.schema(schemas.service_update_v211, '2.11', '2.52')
    @validation.schema(schemas.service_update_v253, '2.53')
    def put(self, service_id, body):
        request = pecan.request
        context = _authorize('update')
        if microversion.supports_uuid_service_ids(request):
            return _update_by_uuid(request, service_id, body)
        actions = (_ACTIONS_V211
                   if microversion.supports_service_forced_down(request)
                   else _ACTIONS)
        if service_id not in actions:
            raise exception.NotFound('Unknown action')
        return actions[service_id](context, body)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.delete_response)
    def delete(self, service_id):
        request = pecan.request
        _authorize('delete')
        _get_by_path_id(request, service_id).destroy()
        return common.empty_response(204)
