"""The API side of servers: checks, then objects and casts.

``API`` is what the REST controllers call. It never opens the database:
every read and write is a remotable object method (one round trip to
nova-lite-conductor each), and the work that takes time is cast to the
conductor (build) or to the server's compute host (delete).

Round trips of a boot: the flavor (``get_flavor``), the image, the quota
check and the creation of every instance at once, plus one for a key pair
and one for an availability zone when the request names them. Listing
servers with their details, faults and addresses is one round trip
whatever their number.
"""

import ipaddress
import random
import re
import string
import uuid

from oslo_log import log as logging
from oslo_utils import uuidutils

from nova_lite.compute import api_actions
from nova_lite.compute import power_state
from nova_lite.compute import resize_api
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import state_map
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
import nova_lite.conf
from nova_lite import exception
from nova_lite import objects
from nova_lite import servicegroup

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-lite-compute'
MAX_HOSTNAME_LENGTH = 63

# The namespace our single network's id is derived from: the network has
# no row of its own, and its id must stay the same across restarts.
_NETWORK_NAMESPACE = uuid.UUID('5f0c6a2e-8d0b-4f4e-9a53-0d8f1f6b2c71')

# What each instance costs of each counted quota resource.
_QUOTA_COSTS = (('instances', lambda flavor: 1),
                ('cores', lambda flavor: flavor.vcpus),
                ('ram', lambda flavor: flavor.memory_mb))


def network_id():
    """The id (a uuid) of the one network, for ``networks`` at boot."""
    return str(uuid.uuid5(_NETWORK_NAMESPACE, CONF.network.network_label))


def generate_reservation_id():
    """``r-`` and eight random characters, as Nova's reservation ids."""
    alphabet = string.digits + string.ascii_lowercase
    return 'r-' + ''.join(random.choice(alphabet) for _ in range(8))


def sanitize_hostname(name, default=None):
    """A DNS label made of ``name``: lower case, ``-`` for ``[ _.]``.

    Characters outside latin-1 and anything but word characters and ``-``
    are dropped; ``default`` is used when nothing is left.
    """
    name = name.encode('latin-1', 'ignore').decode('latin-1')
    name = name[:MAX_HOSTNAME_LENGTH]
    name = re.sub(r'[ _.]', '-', name)
    name = re.sub(r'[^\w-]+', '', name).lower().strip('-')
    if not name and default is not None:
        return default[:MAX_HOSTNAME_LENGTH]
    return name


def parse_availability_zone(requested):
    """(zone, forced host, forced node) of ``zone[:host[:node]]``."""
    if not requested or ':' not in requested:
        return requested or None, None, None
    parts = requested.split(':')
    if len(parts) > 3:
        raise exception.InvalidInput(
            reason='Unable to parse availability_zone')
    parts += [''] * (3 - len(parts))
    zone, host, node = (part or None for part in parts)
    return zone, host, node


def _flavor_visible(context, flavor):
    return (flavor.is_public or context.is_admin or
            context.project_id in (flavor.projects or ()))


def _boot_image_from_bdms(block_device_mapping):
    """The image id of the boot device of ``block_device_mapping``.

    Only a local root disk made from an image (source ``image``,
    destination ``local``, boot index 0) can be mapped: there is no block
    storage service.
    """
    image_id = None
    for bdm in block_device_mapping or ():
        source = bdm.get('source_type')
        destination = bdm.get('destination_type') or 'local'
        boot_index = bdm.get('boot_index')
        if (source == 'image' and destination == 'local'
                and boot_index is not None and int(boot_index) == 0):
            image_id = bdm.get('uuid')
            continue
        raise exception.InvalidBDMFormat(
            details='only a local root disk from an image (source_type '
                    'image, destination_type local, boot_index 0) is '
                    'supported: there is no block storage service')
    return image_id


def _check_metadata_and_flavor(context, metadata, flavor):
    if len(metadata) > CONF.quota.metadata_items >= 0:
        raise exception.MetadataLimitExceeded(
            allowed=CONF.quota.metadata_items)
    if not _flavor_visible(context, flavor) or flavor.disabled:
        raise exception.FlavorNotFound(flavor_id=flavor.flavorid)


def _request_spec(context, flavor, image, count, zone, host, node, hints):
    """What the scheduler is asked for, for all ``count`` instances."""
    return objects.RequestSpec(
        project_id=context.project_id, user_id=context.user_id,
        flavor=flavor, image_ref=image.id, image=image,
        num_instances=count, availability_zone=zone,
        scheduler_hints=dict(hints or {}),
        force_hosts=[host] if host else None,
        force_nodes=[node] if node else None)


class API(resize_api.ResizeMixin, api_actions.ServerActionsMixin):
    """Server operations as the REST API asks for them.

    The simple actions (reboot, stop, start, pause, lock, metadata...) are
    in ``compute/api_actions.py``, resize in ``compute/resize_api.py``.
    """

    def __init__(self):
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()

    # --- what a boot refers to -------------------------------------------

    def get_flavor(self, context, flavor_id):
        """The flavor a boot asks for (one round trip).

        FlavorNotFound also for a private flavor the project may not use
        (as Nova: its existence is not revealed).
        """
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        if not _flavor_visible(context, flavor):
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        return flavor

    @staticmethod
    def _get_image(context, image_id):
        """The image to boot from: ImageNotFound, ImageNotActive (400).

        Image.get_by_id applies Glance's visibility rules: an image the
        project may not see is not found.
        """
        if not uuidutils.is_uuid_like(image_id):
            raise exception.ImageNotFound(image_id=image_id)
        image = objects.Image.get_by_id(context, image_id)
        if image.status != 'active':
            raise exception.ImageNotActive(image_id=image_id)
        return image

    @staticmethod
    def _check_flavor_fits_image(flavor, image):
        if image.min_ram and flavor.memory_mb < image.min_ram:
            raise exception.FlavorMemoryTooSmall()
        if not flavor.root_gb:
            # A flavor without a root disk size boots at the image's size.
            return
        root_bytes = flavor.root_gb * 1024 ** 3
        if image.size and image.size > root_bytes:
            raise exception.FlavorDiskSmallerThanImage(
                flavor_size=root_bytes, image_size=image.size)
        if image.min_disk and image.min_disk > flavor.root_gb:
            raise exception.FlavorDiskSmallerThanMinDisk(
                flavor_size=root_bytes,
                image_min_disk=image.min_disk * 1024 ** 3)

    @staticmethod
    def _check_availability_zone(context, zone):
        """InvalidRequest (400) unless an enabled compute is in ``zone``."""
        services = objects.ServiceList.get_by_binary(context, COMPUTE_BINARY)
        zones = {service.availability_zone for service in services
                 if not service.disabled}
        if zone not in zones:
            raise exception.InvalidRequest(
                'The requested availability zone is not available')

    @staticmethod
    def _check_requested_networks(requested_networks, max_count):
        """What to ask the conductor for: 'none', 'auto' or the list.

        The list may name our one network at most once, by id or by a
        fixed IP of its range alone (the id is then filled in), or both; a
        port needs Neutron.
        """
        if requested_networks in ('none', 'auto'):
            return requested_networks
        if not requested_networks:
            return 'auto'
        if len(requested_networks) > 1:
            raise exception.InvalidRequest(
                'Duplicate networks (%s) are not allowed' % network_id())
        request = dict(requested_networks[0])
        if request.get('port'):
            raise exception.InvalidRequest('Unknown argument: port')
        if 'uuid' not in request and request.get('fixed_ip'):
            request['uuid'] = network_id()
        if request.get('uuid') != network_id():
            raise exception.NetworkNotFound(network_id=request.get('uuid'))
        address = request.get('fixed_ip')
        if address:
            _check_fixed_ip(address)
            if max_count > 1:
                raise exception.InvalidFixedIpAndMaxCountRequest(
                    reason='a fixed IP address cannot be requested for '
                           'more than one instance')
        return [request]

    def _check_quota(self, context, flavor, min_count, max_count,
                     group=None):
        """How many instances to build: max_count, or fewer that fit.

        One round trip (the server group's member quota included); a
        second only when max_count is over quota but at least min_count
        fit (Nova builds as many as fit then).
        """
        deltas = {name: max_count * cost(flavor)
                  for name, cost in _QUOTA_COSTS}
        if group is not None:
            deltas['server_group_members'] = max_count
        try:
            objects.Quotas.check_deltas(
                context, context.project_id, deltas,
                group_uuid=group.uuid if group is not None else None)
            return max_count
        except exception.OverQuota as exc:
            if 'server_group_members' in exc.kwargs.get('overs', ''):
                raise exception.ServerGroupMembersLimitExceeded()
            fits = _instances_that_fit(flavor, exc.kwargs)
            if fits is not None and min_count <= fits < max_count:
                return self._check_quota(context, flavor, min_count, fits,
                                         group)
            raise _over_quota(exc.kwargs, flavor, min_count, max_count)

    @staticmethod
    def _get_requested_group(context, scheduler_hints):
        """The server group of the ``group`` hint (its uuid, policy and
        rules, for the request spec), or None. InstanceGroupNotFound."""
        uuids = (scheduler_hints or {}).get('group')
        if not uuids:
            return None
        group = objects.InstanceGroup.get_by_uuid(context, uuids[0])
        return objects.InstanceGroup(
            uuid=group.uuid, name=group.name, project_id=group.project_id,
            user_id=group.user_id, policy=group.policy,
            rules=dict(group.rules or {}))

    # --- create ------------------------------------------------------------

    def create(self, context, flavor, image_href, min_count=1, max_count=1,
               name=None, key_name=None, metadata=None,
               availability_zone=None, requested_networks=None,
               block_device_mapping=None, description=None,
               access_ip_v4=None, access_ip_v6=None, scheduler_hints=None):
        """Create the instances of a boot request and cast their build.

        ``availability_zone`` may be ``zone:host[:node]`` (the caller
        checks the forced-host policy); ``scheduler_hints``: {hint: list of
        strings} (same_host, different_host, group: a server group the
        instances join). Returns (instances,
        reservation_id). Raises FlavorNotFound, ImageNotFound,
        ImageNotActive, KeypairNotFound, InvalidRequest, OverQuota,
        MetadataLimitExceeded, NetworkNotFound, FixedIpInvalid,
        InstanceGroupNotFound, ServerGroupMembersLimitExceeded…
        """
        metadata = dict(metadata or {})
        _check_metadata_and_flavor(context, metadata, flavor)
        zone, host, node = parse_availability_zone(availability_zone)
        networks = self._check_requested_networks(requested_networks,
                                                  max_count)
        image_id = _boot_image_from_bdms(block_device_mapping) or image_href
        image = self._get_image(context, image_id)
        self._check_flavor_fits_image(flavor, image)
        key_pair = None
        if key_name is not None:
            key_pair = objects.KeyPair.get_by_name(context, context.user_id,
                                                   key_name)
        if zone is not None and host is None:
            self._check_availability_zone(context, zone)
        group = self._get_requested_group(context, scheduler_hints)
        count = self._check_quota(context, flavor, min_count, max_count,
                                  group)
        base = {
            'display_name': name, 'display_description': description,
            'metadata': metadata, 'availability_zone': zone,
            'access_ip_v4': access_ip_v4, 'access_ip_v6': access_ip_v6,
            'key_name': key_pair.name if key_pair else None,
            'key_data': key_pair.public_key if key_pair else None,
        }
        reservation_id = generate_reservation_id()
        instances = [self._new_instance(context, flavor, image.id, base,
                                        reservation_id, index, count)
                     for index in range(count)]
        spec = _request_spec(context, flavor, image, count, zone, host, node,
                             scheduler_hints)
        spec.instance_group = group
        instances = objects.InstanceList.create_for_build(
            context, objects.InstanceList(objects=instances), spec)
        self.compute_task_api.schedule_and_build_instances(
            context, instances=instances, request_spec=spec,
            image_ref=image.id, requested_networks=networks)
        return instances, reservation_id

    @staticmethod
    def _new_instance(context, flavor, image_id, base, reservation_id,
                      index, count):
        """Instance ``index`` of ``count`` (not stored yet)."""
        values = dict(base, metadata=dict(base['metadata']))
        instance = objects.Instance(
            uuid=uuidutils.generate_uuid(), user_id=context.user_id,
            project_id=context.project_id, vm_state=vm_states.BUILDING,
            task_state=task_states.SCHEDULING,
            power_state=power_state.NOSTATE, flavor=flavor,
            memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
            root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
            image_ref=image_id, reservation_id=reservation_id,
            launch_index=index, locked=False, config_drive='', **values)
        _name_instance(instance, index, count)
        return instance

    # --- read ----------------------------------------------------------------

    def get(self, context, instance_id, expected_attrs=None):
        """One server of the caller's project (any project for an admin).

        InstanceNotFound (404) for another project's server, as for one
        that does not exist.
        """
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        instance = objects.Instance.get_by_uuid(
            context, instance_id, expected_attrs=expected_attrs)
        if not context.is_admin and instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return instance

    def get_all(self, context, filters, sort_key='created_at',
                sort_dir='desc', limit=None, marker=None,
                expected_attrs=None):
        """Servers matching ``filters`` (see InstanceList.get_by_filters).

        The caller scopes ``filters`` to a project (unless all_tenants).
        ``status`` in the filters is turned into vm_state/task_state;
        one that no state shows gives an empty list. One round trip.
        """
        filters = dict(filters)
        if 'status' in filters:
            vm_matches, task_matches = state_map.states_for_statuses(
                filters.pop('status'))
            if not vm_matches:
                return objects.InstanceList(objects=[])
            filters['vm_state'] = vm_matches
            if state_map.DEFAULT not in task_matches:
                filters['task_state'] = task_matches
        return objects.InstanceList.get_by_filters(
            context, filters, sort_key=sort_key, sort_dir=sort_dir,
            limit=limit, marker=marker, expected_attrs=expected_attrs)

    def get_compute_services(self, context):
        """{host: its compute Service} (for host_status; one round trip)."""
        services = objects.ServiceList.get_by_binary(context, COMPUTE_BINARY)
        return {service.host: service for service in services}

    # --- delete --------------------------------------------------------------

    @api_actions.check_instance_lock
    def delete(self, context, instance):
        """Delete ``instance``: on its host, or here when it has none.

        Without a host (never scheduled) or with its compute service down
        the instance is destroyed here in one round trip (allocations and
        fixed IPs go with it). Otherwise task_state becomes ``deleting``
        and the compute host is told to terminate it. A locked instance is
        refused to non-admins (InstanceIsLocked, 409), as Nova does.
        """
        if instance.host is None or not self._compute_is_up(context,
                                                            instance.host):
            LOG.info('Deleting instance locally: %s',
                     'no host' if instance.host is None
                     else 'compute service of %s is down' % instance.host,
                     instance=instance)
            try:
                instance.destroy()
            except exception.InstanceNotFound:
                LOG.debug('Instance already deleted', instance=instance)
            return
        if instance.task_state != task_states.DELETING:
            instance.task_state = task_states.DELETING
            # Any task but ours may be under way; a concurrent delete
            # that got there first is fine (it terminates the same way).
            try:
                instance.save(expected_task_state=_NOT_DELETING)
            except exception.UnexpectedTaskStateError:
                LOG.debug('Instance is already being deleted',
                          instance=instance)
        if instance.vm_state == vm_states.RESIZED:
            # The old guest is on the resize's source host.
            self._confirm_resize_on_deleting(context, instance)
        self.compute_rpcapi.terminate_instance(context, instance=instance)

    @staticmethod
    def _compute_is_up(context, host):
        service = objects.Service.get_by_host_and_binary(context, host,
                                                         COMPUTE_BINARY)
        return service is not None and servicegroup.service_is_up(service)


# Every task state except deleting (None: no task).
_NOT_DELETING = [None] + sorted(
    value for name, value in vars(task_states).items()
    if name.isupper() and isinstance(value, str)
    and value != task_states.DELETING)


def _name_instance(instance, index, count):
    """display_name and hostname; ``name-1``, ``name-2``… when count > 1."""
    if instance.display_name is None:
        instance.display_name = 'Server %s' % instance.uuid
    default_hostname = 'Server-%s' % instance.uuid
    if count == 1:
        instance.hostname = sanitize_hostname(instance.display_name,
                                              default_hostname)
        return
    numbered = '%s-%d' % (instance.display_name, index + 1)
    if sanitize_hostname(instance.display_name) == '':
        instance.hostname = default_hostname
    else:
        instance.hostname = sanitize_hostname(numbered)
    instance.display_name = numbered


def _check_fixed_ip(address):
    """FixedIpInvalid unless ``address`` is a host address of the range."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise exception.FixedIpInvalid(address=address)
    network = ipaddress.ip_network(CONF.network.fixed_range)
    reserved = {network.network_address, network.network_address + 1}
    if network.version == 4:
        reserved.add(network.broadcast_address)
    if ip not in network or ip in reserved:
        raise exception.FixedIpInvalid(address=address)


def _instances_that_fit(flavor, over):
    """How many instances of ``flavor`` fit in the quota, or None.

    ``over``: the kwargs of OverQuota (its ``quotas`` and ``usages``).
    """
    quotas, usages = over.get('quotas'), over.get('usages')
    if not quotas or usages is None:
        return None
    fits = []
    for name, cost in _QUOTA_COSTS:
        limit, each = quotas.get(name, -1), cost(flavor)
        if limit is None or limit < 0 or not each:
            continue
        fits.append(max(0, (limit - usages.get(name, 0)) // each))
    return min(fits) if fits else None


def _over_quota(over, flavor, min_count, max_count):
    """The OverQuota to raise for a boot of min..max instances.

    The message names the count asked for ("2-5" for a range) and the
    cores and RAM of max_count, like Nova's.
    """
    quotas, usages = over.get('quotas'), over.get('usages')
    overs = over.get('overs')
    if not quotas or usages is None or not overs:
        return exception.OverQuota(**over)
    names = [name.strip() for name in overs.split(',')]
    count = (str(max_count) if min_count == max_count
             else '%d-%d' % (min_count, max_count))
    requested = {'instances': count, 'cores': max_count * flavor.vcpus,
                 'ram': max_count * flavor.memory_mb}
    return exception.OverQuota(
        overs=', '.join(names),
        req=', '.join(str(requested.get(name, '?')) for name in names),
        used=', '.join(str(usages.get(name, 0)) for name in names),
        allowed=', '.join(str(quotas.get(name)) for name in names),
        quotas=quotas, usages=usages)
