"""/os-hypervisors: the compute nodes and the resources they report.

``GET /os-hypervisors[/detail]`` (paged from 2.33; from 2.53
``hypervisor_hostname_pattern`` and ``with_servers``), ``GET
/os-hypervisors/{id}`` (a uuid from 2.53), ``/statistics``, ``/{id}/uptime``
and, below 2.53, ``/{pattern}/search`` and ``/{pattern}/servers``. A node
is shown with the compute service of its host; a node without one is left
out, as in Nova.
"""

from oslo_utils import strutils
from oslo_utils import uuidutils
import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api import policy
from nova_lite.api.schemas import hypervisors as schemas
from nova_lite.api import validation
from nova_lite.api.views import hypervisors as views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import hypervisors as policies

COMPUTE_BINARY = 'nova-lite-compute'


def _authorize(action):
    context = pecan.request.context
    policy.authorize(context, policies.POLICY_ROOT % action, {})
    return context


def _with_servers(request):
    if not microversion.supports_uuid_service_ids(request):
        return False
    return strutils.bool_from_string(request.GET.get('with_servers', False),
                                     strict=True)


def _servers_of(context, node):
    return objects.InstanceList.get_by_filters(
        context, {'host': node.host, 'node': node.hypervisor_hostname},
        sort_key='created_at', sort_dir='asc')


def _entries(context, nodes, with_servers=False):
    """(node, service, servers) of every node whose host runs a compute.

    The servers of all the nodes come in one conductor call, not one each.
    """
    services = {svc.host: svc for svc in
                objects.ServiceList.get_by_binary(context, COMPUTE_BINARY)}
    nodes = [node for node in nodes if node.host in services]
    servers = {}
    if with_servers and nodes:
        for inst in objects.InstanceList.get_by_filters(
                context, {'host': sorted({n.host for n in nodes})},
                sort_key='created_at', sort_dir='asc'):
            servers.setdefault((inst.host, inst.node), []).append(inst)
    return [(node, services[node.host],
             servers.get((node.host, node.hypervisor_hostname), [])
             if with_servers else None)
            for node in nodes]


def _paged_nodes(request):
    """``(nodes, limit)`` of a list request: a hostname search (2.53,
    never paged) or a page (2.33) or every node."""
    context = request.context
    pattern = None
    if microversion.supports_uuid_service_ids(request):
        pattern = request.GET.get('hypervisor_hostname_pattern')
    if pattern is not None:
        if 'limit' in request.GET or 'marker' in request.GET:
            raise exception.Invalid(
                'Paging over hypervisors with the '
                'hypervisor_hostname_pattern query parameter is not '
                'supported.')
        nodes = objects.ComputeNodeList.get_by_hypervisor(context, pattern)
        if not nodes:
            raise exception.HypervisorPatternNotFound(pattern=pattern)
        return nodes, None
    if not microversion.supports_hypervisor_pagination(request):
        return objects.ComputeNodeList.get_all(context), None
    limit, marker = common.limit_and_marker(request)
    if marker is not None:
        if microversion.supports_uuid_service_ids(request):
            if not uuidutils.is_uuid_like(marker):
                raise exception.Invalid('Invalid marker %s' % marker)
        elif not marker.isdigit():
            raise exception.Invalid('marker [%s] not found' % marker)
    return objects.ComputeNodeList.get_by_pagination(
        context, limit=limit, marker=marker), limit


def _get_node(request, hypervisor_id):
    """The node a path segment names: a uuid from 2.53 (400 if it is not
    one), an integer id before; HypervisorNotFound (404) if none."""
    context = request.context
    try:
        if microversion.supports_uuid_service_ids(request):
            if not uuidutils.is_uuid_like(hypervisor_id):
                raise exception.Invalid('Invalid uuid %s' % hypervisor_id)
            return objects.ComputeNode.get_by_uuid(context, hypervisor_id)
        if hypervisor_id.isdigit():
            return objects.ComputeNode.get_by_id(context, int(hypervisor_id))
    except exception.ComputeNodeNotFound:
        pass
    raise exception.HypervisorNotFound(hypervisor_id=hypervisor_id)


def _service_of(context, node, hypervisor_id):
    service = objects.Service.get_by_host_and_binary(context, node.host,
                                                     COMPUTE_BINARY)
    if service is None:
        raise exception.HypervisorNotFound(hypervisor_id=hypervisor_id)
    return service


def _search(pattern, with_servers):
    """``/{pattern}/search`` and ``/{pattern}/servers`` below 2.53."""
    request = pecan.request
    if microversion.supports_uuid_service_ids(request):
        raise common.version_not_found()
    context = _authorize('servers' if with_servers else 'search')
    nodes = objects.ComputeNodeList.get_by_hypervisor(context, pattern)
    if not nodes:
        raise exception.HypervisorPatternNotFound(pattern=pattern)
    return views.index(request, _entries(context, nodes, with_servers))


class HypervisorsController(base.Controller):

    _custom_actions = {'detail': ['GET'], 'statistics': ['GET'],
                       'uptime': ['GET'], 'search': ['GET'],
                       'servers': ['GET']}

    def _list(self, detail):
        request = pecan.request
        context = _authorize('list-detail' if detail else 'list')
        nodes, limit = _paged_nodes(request)
        entries = _entries(context, nodes, _with_servers(request))
        return views.index(request, entries, detail=detail, limit=limit)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.32')
    @validation.query_schema(schemas.index_query_v233, '2.33', '2.52')
    @validation.query_schema(schemas.index_query_v253, '2.53')
    @validation.response_body_schemas(schemas.index_response)
    def get_all(self):
        return self._list(detail=False)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.32')
    @validation.query_schema(schemas.index_query_v233, '2.33', '2.52')
    @validation.query_schema(schemas.index_query_v253, '2.53')
    @validation.response_body_schemas(schemas.detail_response)
    def detail(self):
        return self._list(detail=True)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.52')
    @validation.query_schema(schemas.show_query_v253, '2.53')
    @validation.response_body_schemas(schemas.show_response)
    def get_one(self, hypervisor_id):
        request = pecan.request
        context = _authorize('show')
        node = _get_node(request, hypervisor_id)
        service = _service_of(context, node, hypervisor_id)
        servers = (_servers_of(context, node) if _with_servers(request)
                   else None)
        return views.show(request, node, service, servers)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.statistics_response)
    def statistics(self):
        context = _authorize('statistics')
        nodes = [node for node, _service, _servers in
                 _entries(context, objects.ComputeNodeList.get_all(context))]
        return views.statistics(nodes)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query)
    @validation.response_body_schemas(schemas.uptime_response)
    def uptime(self, hypervisor_id):
        request = pecan.request
        context = _authorize('uptime')
        node = _get_node(request, hypervisor_id)
        _service_of(context, node, hypervisor_id)
        # The drivers here keep no host uptime (Nova answers the same for
        # a driver without one); the CLI shows the hypervisor without it.
        raise exception.HypervisorUptimeNotImplemented()

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.52')
    @validation.response_body_schemas(schemas.search_response)
    def search(self, pattern):
        return _search(pattern, with_servers=False)

    @pecan.expose('json')
    @validation.query_schema(schemas.any_query, '2.1', '2.52')
    @validation.response_body_schemas(schemas.search_response)
    def servers(self, pattern):
        return _search(pattern, with_servers=True)
