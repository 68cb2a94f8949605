"""What the filters and weighers know about one scheduling request."""

import math

from nova_lite.objects import fields

VCPU = fields.ResourceClass.VCPU
MEMORY_MB = fields.ResourceClass.MEMORY_MB
DISK_GB = fields.ResourceClass.DISK_GB


def resources_from_flavor(flavor):
    """The resources an instance of ``flavor`` claims on its host.

    Disk is root + ephemeral + swap, the swap (MiB) rounded up to whole
    GiB, as Nova asks placement for.
    """
    swap_gb = int(math.ceil((flavor.swap or 0) / 1024.0))
    return {
        VCPU: flavor.vcpus,
        MEMORY_MB: flavor.memory_mb,
        DISK_GB: (flavor.root_gb or 0) + (flavor.ephemeral_gb or 0) + swap_gb,
    }


def parse_availability_zone(value):
    """Split ``zone[:host[:node]]`` into (zone, host, node).

    An administrator may force a host (and node) that way; an empty part
    means "not given".
    """
    if not value:
        return None, None, None
    parts = (value.split(':', 2) + [None, None])[:3]
    return tuple(part or None for part in parts)


def _set_field(spec, name):
    return name in spec.fields and spec.obj_attr_is_set(name)


def hint(spec, name):
    """The values of scheduler hint ``name`` of ``spec`` (maybe [])."""
    if not _set_field(spec, 'scheduler_hints'):
        return []
    value = (spec.scheduler_hints or {}).get(name) or []
    return [value] if isinstance(value, str) else list(value)


def hinted_instance_uuids(spec):
    """The instances the ``same_host``/``different_host`` hints name."""
    return sorted(set(hint(spec, 'same_host') +
                      hint(spec, 'different_host')))


class SchedulingRequest:
    """A RequestSpec plus what was derived from it once per request.

    :ivar spec: the RequestSpec
    :ivar resources: {resource class: amount} each instance claims
    :ivar availability_zone: the zone asked for (without a forced host)
    :ivar force_hosts, force_nodes, ignore_hosts: lists (maybe empty)
    :ivar image_properties: the image's properties (a dict)
    :ivar instance_hosts: {instance uuid: host} of the instances named in
        the ``same_host`` / ``different_host`` hints
    :ivar group_policy: the policy of the request's server group, or None
    :ivar group_max_per_host: members an anti-affinity group allows per host
    :ivar group_hosts: {host: members of the group on it}, read afresh for
        the request and counting the request's own earlier picks
    """

    def __init__(self, spec, image_properties=None, instance_hosts=None,
                 instance_group=None):
        self.spec = spec
        self.group_policy = None
        self.group_max_per_host = 1
        self.group_hosts = {}
        if instance_group is not None:
            self.group_policy = instance_group.policy
            self.group_max_per_host = instance_group.max_server_per_host
            self.group_hosts = dict(instance_group.members_per_host or {})
        self.resources = resources_from_flavor(spec.flavor)
        self.image_properties = dict(image_properties or {})
        self.instance_hosts = dict(instance_hosts or {})
        zone, host, node = parse_availability_zone(
            spec.availability_zone if _set_field(spec, 'availability_zone')
            else None)
        self.availability_zone = zone
        self.force_hosts = list(self._list(spec, 'force_hosts'))
        self.force_nodes = list(self._list(spec, 'force_nodes'))
        if host and host not in self.force_hosts:
            self.force_hosts.append(host)
        if node and node not in self.force_nodes:
            self.force_nodes.append(node)
        self.ignore_hosts = list(self._list(spec, 'ignore_hosts'))

    @staticmethod
    def _list(spec, name):
        return (getattr(spec, name) or []) if _set_field(spec, name) else []

    def hint(self, name):
        """The values of scheduler hint ``name`` as a list (maybe empty)."""
        return hint(self.spec, name)

    def group_members_on(self, host):
        """How many members of the request's group are on ``host``."""
        return self.group_hosts.get(host, 0)

    def placed(self, host):
        """An instance of the request was claimed on ``host``: the next
        instance of a multi-create sees it as a member there."""
        if self.group_policy is not None:
            self.group_hosts[host] = self.group_hosts.get(host, 0) + 1
