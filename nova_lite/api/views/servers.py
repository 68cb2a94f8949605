"""Views of servers: the dicts of POST, GET /servers[/detail], GET /{id}.

Each function is a pure function of the request (its links, microversion
and context), the Instance objects and a ``ShowOptions`` the controller
decides by policy; nothing here calls the conductor. The shapes are Nova's
at each microversion (see tests/api_schemas/servers.py).
"""

import collections
import hashlib

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.compute import state_map
from nova_lite.compute import vm_states
import nova_lite.conf
from nova_lite.objects import base as obj_base
from nova_lite import servicegroup

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

COLLECTION = 'servers'

# Statuses that show "progress", and those that show the newest "fault".
PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                     'VERIFY_RESIZE', 'MIGRATING')
FAULT_STATUSES = ('ERROR', 'DELETED')

# host_status values (2.16)
HOST_UP = 'UP'
HOST_DOWN = 'DOWN'
HOST_MAINTENANCE = 'MAINTENANCE'
HOST_UNKNOWN = 'UNKNOWN'
HOST_NONE = ''


class ShowOptions(collections.namedtuple('ShowOptions', [
        'extended_attributes', 'host_status', 'extra_specs', 'services',
        'server_groups'])):
    """What a detailed view may show, decided once per request.

    ``extended_attributes``: the OS-EXT-SRV-ATTR keys (admin policy);
    ``host_status``: the 2.16 key (admin policy); ``extra_specs``: the
    embedded flavor's extra specs (2.47); ``services``: {host: compute
    Service} to derive host_status from; ``server_groups``: the uuids of
    the one server's groups (2.71, show and PUT only), None: not shown.
    """


ShowOptions.__new__.__defaults__ = (False, False, False, None, None)


def _add_server_groups(server, options):
    if options.server_groups is not None:
        server['server_groups'] = list(options.server_groups)
    return server


# --- small parts ------------------------------------------------------------

def api_time(value):
    """Nova's timestamp: "2013-09-03T04:01:32Z" (now when unset, as Nova)."""
    value = value or timeutils.utcnow()
    return value.replace(tzinfo=None, microsecond=0).isoformat() + 'Z'


def _usage_time(value):
    """"2013-09-23T13:53:12.774549" (naive, as Nova's OS-SRV-USG times)."""
    if not value:
        return None
    return value.replace(tzinfo=None).isoformat(timespec='microseconds')


def _fields(instance):
    """{field: value} of what is set on ``instance``, read in one go.

    A detailed list reads some thirty fields of hundreds of instances; the
    objects' property getters would be most of the work.
    """
    stored = vars(instance)
    return {name: stored[attr] for name, attr in _attr_names(instance)
            if attr in stored}


_ATTR_NAMES = {}


def _attr_names(instance):
    cls = type(instance)
    if cls not in _ATTR_NAMES:
        _ATTR_NAMES[cls] = [(name, obj_base.get_attrname(name))
                            for name in cls.fields]
    return _ATTR_NAMES[cls]


def host_id(instance):
    """sha224 of project id + host, or "" when the server has no host."""
    return _host_id(instance.project_id, instance.host)


def _host_id(project_id, host):
    if not host:
        return ''
    data = '%s%s' % (project_id, host)
    return hashlib.sha224(data.encode('utf-8')).hexdigest()


def addresses(instance, fixed_ips):
    """{network label: [address, ...]} (empty while building)."""
    if instance.vm_state == vm_states.BUILDING:
        return {}
    return _addresses(fixed_ips)


def _addresses(fixed_ips):
    networks = {}
    for fixed_ip in fixed_ips or ():
        values = _fields(fixed_ip)
        address = str(values['address'])
        networks.setdefault(values['network'], []).append({
            'version': 6 if ':' in address else 4,
            'addr': address,
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': values.get('mac_address'),
        })
    return networks


def host_status(instance, services):
    """UP, DOWN, MAINTENANCE, UNKNOWN or "" (no host), as Nova's 2.16."""
    return _host_status(instance.host, services)


def _host_status(host, services):
    service = (services or {}).get(host) if host else None
    if service is None:
        return HOST_NONE
    if service.forced_down:
        return HOST_DOWN
    if service.disabled:
        return HOST_MAINTENANCE
    return HOST_UP if servicegroup.service_is_up(service) else HOST_UNKNOWN


class _Renderer:
    """Builds detailed servers for one request.

    What depends on the request only (microversion, role, links) is worked
    out once here, not once per server.
    """

    def __init__(self, request, options):
        self.request = request
        self.options = options
        self.is_admin = request.context.is_admin
        self.embed_flavor = microversion.supports_flavor_in_server(request)
        self.more_attributes = supports_more_extended_attributes(request)
        self.show_host_status = (options.host_status and
                                 microversion.supports_host_status(request))
        self.show_locked = microversion.supports_locked(request)
        self.show_description = microversion.supports_server_description(
            request)
        self.show_tags = microversion.supports_server_tags(request)
        self.show_trusted_certs = microversion.supports_trusted_certs(
            request)
        self.show_locked_reason = microversion.supports_locked_reason(
            request)
        self.self_prefix = common.compute_url(request, COLLECTION, '')
        self.bookmark_prefix = common.bookmark_url(request, '')
        self._host_status = {}

    def links(self, uuid):
        return [{'rel': 'self', 'href': self.self_prefix + uuid},
                {'rel': 'bookmark',
                 'href': '%s%s/%s' % (self.bookmark_prefix, COLLECTION,
                                      uuid)}]

    def _bookmark(self, collection, item_id):
        return [{'rel': 'bookmark', 'href': '%s%s/%s' % (
            self.bookmark_prefix, collection, item_id)}]

    def image(self, image_ref):
        if not image_ref:
            return ''
        return {'id': image_ref, 'links': self._bookmark('images',
                                                         image_ref)}

    def flavor(self, flavor, uuid):
        if flavor is None:
            LOG.warning('Instance has no flavor', instance_uuid=uuid)
            return {}
        values = _fields(flavor)
        if not self.embed_flavor:
            return {'id': values['flavorid'],
                    'links': self._bookmark('flavors', values['flavorid'])}
        view = {'original_name': values.get('name'),
                'vcpus': values.get('vcpus'),
                'ram': values.get('memory_mb'),
                'disk': values.get('root_gb') or 0,
                'ephemeral': values.get('ephemeral_gb') or 0,
                'swap': values.get('swap') or 0}
        if self.options.extra_specs:
            view['extra_specs'] = dict(values.get('extra_specs') or {})
        return view

    def fault(self, fault):
        if fault is None:
            return None
        view = {'code': fault.code, 'created': api_time(fault.created_at),
                'message': fault.message or ''}
        # Details (often a traceback) of an internal error: admins only.
        if fault.details and (self.is_admin or fault.code != 500):
            view['details'] = fault.details
        return view

    def host_status(self, host):
        if host not in self._host_status:
            self._host_status[host] = _host_status(host,
                                                   self.options.services)
        return self._host_status[host]

    def server(self, instance, fixed_ips):
        """One server as GET /servers/{id} and /servers/detail show it."""
        values = _fields(instance)
        server = self._core(values, fixed_ips)
        server.update(_extensions(values))
        if self.options.extended_attributes:
            server.update(self._extended_attributes(values))
        if self.show_host_status:
            server['host_status'] = self.host_status(values.get('host'))
        if self.show_locked:
            server['locked'] = bool(values.get('locked_by'))
        if self.show_description:
            server['description'] = values.get('display_description')
        if self.show_tags:
            server['tags'] = []
        if self.show_trusted_certs:
            # Always null: a boot that names certificates is refused (no
            # compute here verifies image signatures).
            server['trusted_image_certificates'] = None
        if self.show_locked_reason:
            server['locked_reason'] = values.get('locked_reason')
        return server

    def _core(self, values, fixed_ips):
        uuid = values['uuid']
        status = _status(values)
        ip_v4, ip_v6 = values.get('access_ip_v4'), values.get('access_ip_v6')
        building = values.get('vm_state') == vm_states.BUILDING
        server = {
            'id': uuid,
            'name': values.get('display_name'),
            'status': status,
            'tenant_id': values.get('project_id') or '',
            'user_id': values.get('user_id') or '',
            'metadata': dict(values.get('metadata') or {}),
            'hostId': _host_id(values.get('project_id'), values.get('host')),
            'image': self.image(values.get('image_ref')),
            'flavor': self.flavor(values.get('flavor'), uuid),
            'created': api_time(values.get('created_at')),
            'updated': api_time(values.get('updated_at')),
            # Addresses are hidden while the server builds (as Nova).
            'addresses': {} if building else _addresses(fixed_ips),
            'accessIPv4': str(ip_v4) if ip_v4 is not None else '',
            'accessIPv6': str(ip_v6) if ip_v6 is not None else '',
            'links': self.links(uuid),
            'OS-DCF:diskConfig': 'MANUAL',
        }
        if status in FAULT_STATUSES:
            fault = self.fault(values.get('fault'))
            if fault:
                server['fault'] = fault
        if status in PROGRESS_STATUSES:
            server['progress'] = 0
        return server

    def _extended_attributes(self, values):
        """The OS-EXT-SRV-ATTR keys (2.1: three; 2.3 adds seven)."""
        attrs = {
            'OS-EXT-SRV-ATTR:host': values.get('host'),
            'OS-EXT-SRV-ATTR:instance_name':
                'instance-%08x' % values.get('id', 0),
            'OS-EXT-SRV-ATTR:hypervisor_hostname': values.get('node'),
        }
        if self.more_attributes:
            attrs.update({
                'OS-EXT-SRV-ATTR:reservation_id':
                    values.get('reservation_id'),
                'OS-EXT-SRV-ATTR:launch_index':
                    values.get('launch_index') or 0,
                'OS-EXT-SRV-ATTR:hostname': values.get('hostname') or '',
                'OS-EXT-SRV-ATTR:kernel_id': '',
                'OS-EXT-SRV-ATTR:ramdisk_id': '',
                'OS-EXT-SRV-ATTR:root_device_name': None,
                'OS-EXT-SRV-ATTR:user_data': None,
            })
        return attrs


def supports_more_extended_attributes(request):
    """2.3: reservation_id, launch_index, hostname… in OS-EXT-SRV-ATTR."""
    return request.api_version.matches('2.3')


def _status(values):
    if values.get('deleted'):
        return 'DELETED'
    return state_map.status_from_state(values.get('vm_state'),
                                       values.get('task_state'))


def _extensions(values):
    """The keys v2.0 extensions added and every 2.1 response keeps."""
    return {
        'OS-EXT-AZ:availability_zone': values.get('availability_zone') or '',
        'config_drive': values.get('config_drive') or '',
        'key_name': values.get('key_name'),
        'OS-SRV-USG:launched_at': _usage_time(values.get('launched_at')),
        'OS-SRV-USG:terminated_at': _usage_time(values.get('terminated_at')),
        'OS-EXT-STS:task_state': values.get('task_state'),
        'OS-EXT-STS:vm_state': values.get('vm_state'),
        'OS-EXT-STS:power_state': values.get('power_state') or 0,
        'os-extended-volumes:volumes_attached': [],
    }


# --- the views ----------------------------------------------------------------

def create(request, instance, admin_password=None):
    """The body of POST /servers (202)."""
    server = {
        'id': instance.uuid,
        'links': common.resource_links(request, COLLECTION, instance.uuid),
        'OS-DCF:diskConfig': 'MANUAL',
    }
    if admin_password is not None:
        server['adminPass'] = admin_password
    return {'server': server}


def basic(request, instance):
    """One server of GET /servers."""
    return {'id': instance.uuid, 'name': instance.display_name,
            'links': common.resource_links(request, COLLECTION,
                                           instance.uuid)}


def server_detail(request, instance, options, fixed_ips=None):
    """One server as GET /servers/{id} and /servers/detail show it."""
    return _Renderer(request, options).server(instance, fixed_ips)


def _loaded_fixed_ips(instance):
    if instance.obj_attr_is_set('fixed_ips'):
        return instance.fixed_ips
    return ()


def show(request, instance, options, fixed_ips=None):
    """The body of GET /servers/{id}.

    ``fixed_ips``: the server's FixedIPs; by default its ``fixed_ips``
    attribute when that was loaded.
    """
    if fixed_ips is None:
        fixed_ips = _loaded_fixed_ips(instance)
    return {'server': _add_server_groups(
        server_detail(request, instance, options, fixed_ips), options)}


# Keys of the detailed server that PUT /servers/{id} leaves out (Nova,
# before 2.75); its addresses lack their OS-EXT-IPS keys too.
_NOT_IN_UPDATE = (
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state',
    'os-extended-volumes:volumes_attached', 'host_status')
_EXTENDED_ADDRESS_KEYS = ('OS-EXT-IPS:type', 'OS-EXT-IPS-MAC:mac_addr')


def update(request, instance, options, fixed_ips=None):
    """The body of PUT /servers/{id}: the server as Nova answers an update
    (``options`` as for show; administrators' attributes are left out
    whoever asks)."""
    if fixed_ips is None:
        fixed_ips = _loaded_fixed_ips(instance)
    options = options._replace(extended_attributes=False, host_status=False)
    server = server_detail(request, instance, options, fixed_ips)
    for key in _NOT_IN_UPDATE:
        server.pop(key, None)
    server['addresses'] = {
        label: [{k: v for k, v in address.items()
                 if k not in _EXTENDED_ADDRESS_KEYS} for address in items]
        for label, items in server['addresses'].items()}
    return {'server': _add_server_groups(server, options)}


def _collection(request, items, collection, limit):
    body = {'servers': items}
    links = common.collection_links(request, items, collection, limit)
    if links:
        body['servers_links'] = links
    return body


def index(request, instances, limit):
    """The body of GET /servers."""
    return _collection(request, [basic(request, i) for i in instances],
                       COLLECTION, limit)


def detail(request, instances, options, limit, fixed_ips_by_uuid=None):
    """The body of GET /servers/detail.

    ``fixed_ips_by_uuid``: {instance uuid: [FixedIP]}; by default each
    instance's loaded ``fixed_ips``.
    """
    renderer = _Renderer(request, options)
    items = []
    for instance in instances:
        if fixed_ips_by_uuid is not None:
            fixed_ips = fixed_ips_by_uuid.get(instance.uuid, ())
        else:
            fixed_ips = _loaded_fixed_ips(instance)
        items.append(renderer.server(instance, fixed_ips))
    return _collection(request, items, COLLECTION + '/detail', limit)
