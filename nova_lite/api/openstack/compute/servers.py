"""/servers: boot, list (plain and detailed), show and delete servers.

Each method goes policy -> validate -> load -> act -> view; the work is in
``nova_lite.compute.api.API`` and the shapes in ``api/views/servers.py``.
Listing filters and sorting follow Nova's rules (see ``list_filters``).
"""

import secrets

from oslo_utils import strutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import pecan

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.openstack import base
from nova_lite.api.openstack.compute import instance_actions
from nova_lite.api.openstack.compute import server_actions
from nova_lite.api.openstack.compute import server_metadata
from nova_lite.api import policy
from nova_lite.api.schemas import servers as schemas
from nova_lite.api.schemas import servers_response
from nova_lite.api import validation
from nova_lite.api.views import servers as views
from nova_lite.compute import api as compute_api
from nova_lite.compute import state_map
from nova_lite.compute import vm_states
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import flavor_extra_specs as extra_specs_policies
from nova_lite.policies import servers as policies

SERVERS = policies.SERVERS
PASSWORD_LENGTH = 12
# Ambiguous characters (l, 1, O, 0…) left out, as Nova's passwords.
_PASSWORD_GROUPS = ('23456789', 'ABCDEFGHJKLMNPQRSTUVWXYZ',
                    'abcdefghijkmnopqrstuvwxyz')

# Filters a non-admin may use (the others are dropped, as Nova does);
# 2.66 adds changes-before, 2.73 locked (see user_filters).
USER_FILTERS = ('reservation_id', 'name', 'status', 'image', 'flavor', 'ip',
                'changes-since', 'all_tenants', 'ip6', 'tags', 'tags-any',
                'not-tags', 'not-tags-any')
# Time filters over updated_at: "since" is >=, "before" is <=.
_CHANGES_FILTERS = ('changes-since', 'changes-before')
# Query parameter -> InstanceList.get_by_filters filter, where they differ.
_FILTER_NAMES = {'image': 'image_ref', 'display_name': 'name',
                 'tenant_id': 'project_id'}
# Filters that go to the database as they are.
_DB_FILTERS = ('name', 'reservation_id', 'image_ref', 'host', 'node',
               'uuid', 'user_id', 'project_id', 'vm_state', 'task_state',
               'power_state', 'hostname', 'availability_zone', 'key_name')
# Nova's filters that need data we do not have: refused, not ignored.
_UNSUPPORTED_FILTERS = ('flavor', 'ip', 'ip6',
                        'tags', 'tags-any', 'not-tags',
                        'not-tags-any', 'fixed_ip', 'locked_by',
                        'config_drive', 'access_ip_v4', 'access_ip_v6',
                        'description', 'display_description', 'kernel_id',
                        'ramdisk_id', 'root_device_name', 'launch_index',
                        'launched_at', 'terminated_at', 'created_at',
                        'progress', 'auto_disk_config')
# Filters on tables joined to instances: a 400, as in Nova.
_JOINED_FILTERS = ('block_device_mapping', 'services', 'metadata',
                   'system_metadata', 'info_cache', 'security_groups',
                   'pci_devices')
_PAGING = ('limit', 'marker', 'sort_key', 'sort_dir')
# Sort keys the database can order by (of Nova's valid ones).
_SORTABLE = ('availability_zone', 'created_at', 'display_name', 'host',
             'hostname', 'key_name', 'launch_index', 'launched_at', 'node',
             'power_state', 'project_id', 'task_state', 'terminated_at',
             'updated_at', 'user_id', 'uuid', 'vm_state')


def generate_password(length=PASSWORD_LENGTH):
    """A random password with a character of each group at least."""
    chars = [secrets.choice(group) for group in _PASSWORD_GROUPS]
    alphabet = ''.join(_PASSWORD_GROUPS)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return ''.join(chars)


def _allowed(context, rule, target=None):
    try:
        policy.authorize(context, rule, target)
        return True
    except exception.PolicyNotAuthorized:
        return False


def _instance_target(instance):
    return {'project_id': instance.project_id, 'user_id': instance.user_id}


def _bad_request(exc):
    """The 400 Nova answers for a lookup of a boot request that failed."""
    return exception.Invalid(exc.format_message())


# --- POST /servers: reading the body -------------------------------------

def _counts(server):
    """(min_count, max_count); max_count defaults to min_count."""
    min_count = int(server.get('min_count', 1))
    max_count = int(server.get('max_count', min_count))
    for name, value in (('min_count', min_count), ('max_count', max_count)):
        if value < 1:
            raise exception.ValidationError(
                detail='Invalid input for field/attribute %s. Value: %s. '
                       '%s is less than the minimum of 1'
                       % (name, value, value))
    if min_count > max_count:
        raise exception.Invalid('min_count must be <= max_count')
    return min_count, max_count


def _requested_networks(request, server):
    """'auto', 'none' or the list; before 2.37 a missing list is 'auto'."""
    networks = server.get('networks')
    if networks is None or isinstance(networks, str):
        return networks or 'auto'
    for network in networks:
        if network.get('port') or (network.get('fixed_ip') and
                                   'uuid' not in network):
            # A port is refused by compute.api (no Neutron); a fixed IP
            # alone names the one network.
            continue
        if 'uuid' not in network:
            raise exception.Invalid("Bad network format: missing 'uuid'")
        if not uuidutils.is_uuid_like(network['uuid']):
            raise exception.Invalid(
                'Bad networks format: network uuid is not in proper format '
                '(%s)' % network['uuid'])
        if network.get('tag') and not (
                microversion.supports_network_device_tags(request)):
            raise exception.Invalid(
                'Network interface tags are not yet supported.')
    return [{key: value for key, value in network.items() if key != 'tag'}
            for network in networks]


def _scheduler_hints(body):
    hints = (body.get('os:scheduler_hints') or
             body.get('OS-SCH-HNT:scheduler_hints') or {})
    return {key: [str(v) for v in value] if isinstance(value, list)
            else [str(value)] for key, value in hints.items()}


def _image_ref(server):
    image_ref = server.get('imageRef')
    if not image_ref and not server.get('block_device_mapping_v2'):
        raise exception.Invalid('Missing imageRef attribute')
    return image_ref or None


def _refuse_unhonourable(server):
    """400 for what a boot may name (2.63, 2.67) but nothing here honours,
    before anything is created.

    Nova accepts trusted certificates and then needs a compute able to
    verify image signatures (none is, here: no host could take the
    server); a volume type is looked up in the block storage service
    (there is none, so no type exists).
    """
    if server.get('trusted_image_certificates'):
        raise exception.CertificateValidationNotSupported()
    for bdm in server.get('block_device_mapping_v2') or ():
        if bdm.get('volume_type'):
            raise _bad_request(exception.VolumeTypeNotFound(
                id_or_name=bdm['volume_type']))


def _create_kwargs(request, body):
    server = body['server']
    _refuse_unhonourable(server)
    min_count, max_count = _counts(server)
    name = server['name']
    if microversion.supports_server_description(request):
        description = server.get('description')
    else:
        # Before 2.19 a server's description is its name (as Nova).
        description = name
    return dict(
        image_href=_image_ref(server), min_count=min_count,
        max_count=max_count, name=name, description=description,
        key_name=server.get('key_name'), metadata=server.get('metadata'),
        availability_zone=server.get('availability_zone'),
        requested_networks=_requested_networks(request, server),
        block_device_mapping=server.get('block_device_mapping_v2'),
        access_ip_v4=server.get('accessIPv4'),
        access_ip_v6=server.get('accessIPv6'),
        scheduler_hints=_scheduler_hints(body))


# --- PUT /servers/{id} ------------------------------------------------------

# Body key -> Instance field of what PUT /servers/{id} may change
# (OS-DCF:diskConfig is accepted and ignored, as at boot).
_UPDATABLE = (('name', 'display_name'),
              ('description', 'display_description'))


def _update_values(server):
    return {field: server[key] for key, field in _UPDATABLE if key in server}


# --- GET /servers: filters and sorting -----------------------------------

def _search_options(request):
    """The query as {name: value} (the last value of a repeated one)."""
    options = {}
    for key, value in request.GET.items():
        options[key] = value
    if 'status' in options:
        options['status'] = request.GET.getall('status')
    return options


def _check_status(request, filters):
    statuses = filters.get('status')
    if statuses is None:
        return True
    vm_matches, _tasks = state_map.states_for_statuses(statuses)
    if not vm_matches:
        if microversion.rejects_invalid_status_filter(request):
            raise exception.Invalid('Invalid status value')
        return False
    if vm_matches == [vm_states.DELETED]:
        if not request.context.is_admin:
            raise exception.Forbidden(
                'Only administrators may list deleted instances')
        # Every deleted server shows DELETED, whatever vm_state it was
        # destroyed in: list them all.
        filters['deleted'] = True
        del filters['status']
    return True


def _all_tenants(options):
    if 'all_tenants' not in options:
        return False
    value = options.pop('all_tenants')
    if not value:
        # "?all_tenants" alone turns it on.
        return True
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError as err:
        raise exception.InvalidInput(reason=str(err))


def user_filters(request):
    """The filters a caller without allow_all_filters may use."""
    names = USER_FILTERS
    if microversion.supports_changes_before(request):
        names += ('changes-before',)
    if microversion.supports_locked_filter(request):
        names += ('locked',)
    return names


def _filter_options(request, options):
    """Drop what the caller may not filter by; refuse what we cannot do."""
    if _allowed(request.context, SERVERS % 'allow_all_filters'):
        for key in _PAGING:
            options.pop(key, None)
    else:
        allowed = user_filters(request)
        for key in list(options):
            if key not in allowed:
                options.pop(key)
    for key in options:
        if key in _JOINED_FILTERS or key.startswith('_'):
            raise exception.Invalid('Invalid filter field: %s.' % key)
        if key in _UNSUPPORTED_FILTERS:
            raise exception.Invalid(
                'Filtering servers by %s is not supported.' % key)


def _changes_filters(options, filters):
    """changes-since / changes-before as naive UTC datetimes in
    ``filters``; 400 when malformed or when before < since (as Nova)."""
    for key in _CHANGES_FILTERS:
        if key in options:
            try:
                filters[key] = timeutils.normalize_time(
                    timeutils.parse_isotime(options[key]))
            except ValueError:
                raise exception.Invalid('Invalid filter field: %s.' % key)
    since = filters.get('changes-since')
    before = filters.get('changes-before')
    if since and before and before < since:
        raise exception.Invalid('The value of changes-since must be less '
                                'than or equal to changes-before.')


def _locked_filter(options, filters):
    """``locked=true|false`` (any other value is a 400, as Nova)."""
    if 'locked' in options:
        try:
            filters['locked'] = strutils.bool_from_string(
                options['locked'], strict=True)
        except ValueError as err:
            raise exception.Invalid(str(err))


def list_filters(request, detailed):
    """(filters, all_tenants) of a list request; None: nothing can match.

    As Nova: a non-admin's filters other than USER_FILTERS are dropped;
    ``all_tenants`` needs the get_all_tenants policy, without it the list
    is the caller's project whatever ``project_id`` says; deleted servers
    are listed for admins only, or to anyone asking for changes-since or
    changes-before (as Nova: a client polling for changes sees deletions).
    """
    context = request.context
    options = _search_options(request)
    _filter_options(request, options)
    all_tenants = _all_tenants(options)
    filters = {}
    for key, value in options.items():
        key = _FILTER_NAMES.get(key, key)
        if key in _DB_FILTERS or key == 'status':
            filters[key] = value
    if 'image_ref' in filters:
        filters['image_ref'] = filters['image_ref'].rstrip('/').rsplit(
            '/', 1)[-1]
    _changes_filters(options, filters)
    _locked_filter(options, filters)
    if 'deleted' in options or not any(
            key in filters for key in _CHANGES_FILTERS):
        # Without "deleted", a changes filter lists deleted servers too.
        filters['deleted'] = strutils.bool_from_string(
            options.get('deleted', False), default=False)
    if not _check_status(request, filters):
        return None, all_tenants
    if all_tenants:
        policy.authorize(context, SERVERS % (
            'detail:get_all_tenants' if detailed
            else 'index:get_all_tenants'))
    else:
        filters['project_id'] = context.project_id
    return filters, all_tenants


def sort_params(request):
    """(sort_key, sort_dir) for the database, from Nova's sort parameters.

    Keys Nova ignores are dropped with their direction (``locked`` too
    before 2.73); host and node are for admins (403 otherwise); keys with
    no column here are dropped too. The first remaining key orders the list
    (default created_at desc).
    """
    keys = request.GET.getall('sort_key')
    dirs = request.GET.getall('sort_dir')
    sortable = _SORTABLE
    if microversion.supports_locked_filter(request):
        sortable += ('locked',)
    kept = []
    for index, key in enumerate(keys):
        direction = dirs[index] if index < len(dirs) else None
        if key in ('host', 'node') and not request.context.is_admin:
            raise exception.Forbidden(
                'Only administrators can sort servers by %s' % key)
        if key in sortable:
            kept.append((key, direction))
    if not kept:
        return 'created_at', (dirs[0] if dirs and not keys else 'desc')
    key, direction = kept[0]
    return key, direction or 'desc'


class ServersController(base.Controller):
    """GET/POST /servers, GET /servers/detail, GET/PUT/DELETE
    /servers/{id}; nested: action, metadata, os-instance-actions."""

    _custom_actions = {'detail': ['GET']}

    def __init__(self):
        super().__init__()
        self.compute_api = compute_api.API()

    # --- reading -------------------------------------------------------------

    def _list(self, detailed):
        request = pecan.request
        context = request.context
        policy.authorize(context, SERVERS % ('detail' if detailed
                                             else 'index'))
        filters, all_tenants = list_filters(request, detailed)
        limit, marker = common.limit_and_marker(request)
        if filters is None:
            instances = []
        else:
            sort_key, sort_dir = sort_params(request)
            read_context = context.elevated() if all_tenants else context
            try:
                instances = self.compute_api.get_all(
                    read_context, filters, sort_key=sort_key,
                    sort_dir=sort_dir, limit=limit, marker=marker,
                    expected_attrs=(['fault', 'fixed_ips'] if detailed
                                    else None))
            except exception.MarkerNotFound:
                raise exception.Invalid('marker [%s] not found' % marker)
        if not detailed:
            return views.index(request, instances, limit)
        return views.detail(request, instances,
                            self._show_options(request, instances), limit)

    def _show_options(self, request, instances):
        """What details this caller sees; host states only if needed."""
        context = request.context
        options = views.ShowOptions(
            extended_attributes=_allowed(context,
                                         policies.EXTENDED_ATTRIBUTES),
            host_status=(microversion.supports_host_status(request) and
                         _allowed(context, SERVERS % 'show:host_status')),
            extra_specs=(microversion.supports_flavor_in_server(request) and
                         _allowed(context, extra_specs_policies.POLICY_ROOT
                                  % 'index')))
        if options.host_status and any(i.host for i in instances):
            options = options._replace(
                services=self.compute_api.get_compute_services(context))
        return options

    @staticmethod
    def _with_server_groups(request, instance, options):
        """``options`` with the server's groups, shown from 2.71 by show
        and PUT (one conductor call)."""
        if not microversion.supports_server_groups_in_server_show(request):
            return options
        try:
            group = objects.InstanceGroup.get_by_instance_uuid(
                request.context, instance.uuid)
        except exception.InstanceGroupNotFound:
            return options._replace(server_groups=[])
        return options._replace(server_groups=[group.uuid])

    @pecan.expose('json')
    @validation.query_schema(schemas.query_params_v21, '2.1', '2.65')
    @validation.query_schema(schemas.query_params_v266, '2.66', '2.72')
    @validation.query_schema(schemas.query_params_v273, '2.73')
    @validation.response_body_schemas(servers_response.index)
    def get_all(self):
        return self._list(detailed=False)

    @pecan.expose('json')
    @validation.query_schema(schemas.query_params_v21, '2.1', '2.65')
    @validation.query_schema(schemas.query_params_v266, '2.66', '2.72')
    @validation.query_schema(schemas.query_params_v273, '2.73')
    @validation.response_body_schemas(servers_response.detail)
    def detail(self):
        return self._list(detailed=True)

    @pecan.expose('json')
    @validation.query_schema(schemas.show_query)
    @validation.response_body_schemas(servers_response.show)
    def get_one(self, server_id):
        request = pecan.request
        policy.authorize(request.context, SERVERS % 'show')
        instance = self.compute_api.get(
            request.context, server_id,
            expected_attrs=['fault', 'fixed_ips'])
        return views.show(request, instance, self._with_server_groups(
            request, instance, self._show_options(request, [instance])))

    # --- writing -------------------------------------------------------------

    @pecan.expose('json')
    @validation.query_schema(schemas.create_query)
    @validation.response_body_schemas(servers_response.create)
    @validation.schema(schemas.create_v21, '2.1', '2.18')
    @validation.schema(schemas.create_v219, '2.19', '2.31')
    @validation.schema(schemas.create_v232, '2.32', '2.32')
    @validation.schema(schemas.create_v233, '2.33', '2.36')
    @validation.schema(schemas.create_v237, '2.37', '2.41')
    @validation.schema(schemas.create_v242, '2.42', '2.51')
    @validation.schema(schemas.create_v252, '2.52', '2.62')
    @validation.schema(schemas.create_v263, '2.63', '2.66')
    @validation.schema(schemas.create_v267, '2.67')
    def post(self, body):
        request = pecan.request
        context = request.context
        policy.authorize(context, SERVERS % 'create')
        kwargs = _create_kwargs(request, body)
        _zone, host, node = compute_api.parse_availability_zone(
            kwargs['availability_zone'])
        if host or node:
            policy.authorize(context, SERVERS % 'create:forced_host', {})
        server = body['server']
        password = server.get('adminPass') or generate_password()
        instances, reservation_id = self._create(context, server, kwargs)
        pecan.response.status = 202
        if strutils.bool_from_string(server.get('return_reservation_id')):
            return {'reservation_id': reservation_id}
        view = views.create(request, instances[0], password)
        pecan.response.headers['Location'] = (
            view['server']['links'][0]['href'])
        return view

    def _create(self, context, server, kwargs):
        """compute.api create, with Nova's 400s for what it looked up."""
        try:
            flavor = self.compute_api.get_flavor(
                context, str(server['flavorRef']).rstrip('/').rsplit(
                    '/', 1)[-1])
            return self.compute_api.create(context, flavor, **kwargs)
        except exception.ImageNotFound:
            raise exception.Invalid('Can not find requested image')
        except exception.KeypairNotFound:
            raise exception.Invalid('Invalid key_name provided.')
        except (exception.FlavorNotFound, exception.NetworkNotFound,
                exception.InstanceGroupNotFound) as exc:
            raise _bad_request(exc)

    @pecan.expose('json')
    @validation.query_schema(schemas.update_query)
    @validation.response_body_schemas(servers_response.update)
    @validation.schema(schemas.update_v21, '2.1', '2.18')
    @validation.schema(schemas.update_v219, '2.19')
    def put(self, server_id, body):
        request = pecan.request
        context = request.context
        instance = self.compute_api.get(
            context, server_id, expected_attrs=['fault', 'fixed_ips'])
        policy.authorize(context, SERVERS % 'update',
                         _instance_target(instance))
        values = _update_values(body['server'])
        if values:
            self.compute_api.update(context, instance, **values)
        return views.update(request, instance, self._with_server_groups(
            request, instance, self._show_options(request, [instance])))

    @pecan.expose('json')
    @validation.query_schema(schemas.delete_query)
    @validation.response_body_schemas(servers_response.delete)
    def delete(self, server_id):
        context = pecan.request.context
        try:
            instance = self.compute_api.get(context, server_id)
            policy.authorize(context, SERVERS % 'delete',
                             _instance_target(instance))
            self.compute_api.delete(context, instance)
        except exception.InstanceNotFound:
            raise exception.InstanceNotFound(
                'Instance could not be found')
        return common.empty_response(204)


# Nested resources and actions of one server (their methods get the
# server's id first).
pecan.route(ServersController, 'action',
            server_actions.ServerActionsController())
pecan.route(ServersController, 'metadata',
            server_metadata.ServerMetadataController())
pecan.route(ServersController, 'os-instance-actions',
            instance_actions.InstanceActionsController())
