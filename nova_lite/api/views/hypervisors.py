"""Response bodies of /os-hypervisors (Nova's shapes, up to 2.73).

A hypervisor is a ComputeNode; its ``state`` (up/down) and ``status``
(enabled/disabled) are those of the compute service of its host. Ids are
integers before 2.53 and uuids from 2.53 (the service's too). The free
space and ``disk_available_least`` are derived from what the node reports;
``current_workload`` (builds and other tasks in progress) is not tracked
here and shows 0.
"""

from oslo_serialization import jsonutils

from nova_lite.api import common
from nova_lite.api import microversion
from nova_lite.api.views import services as service_views
from nova_lite import servicegroup

COLLECTION = 'os-hypervisors'


def node_id(request, node):
    if microversion.supports_uuid_service_ids(request):
        return node.uuid
    return node.id


def _cpu_info(request, node):
    if not microversion.supports_cpu_info_object(request):
        return node.cpu_info
    if not node.cpu_info:
        return {}
    try:
        return jsonutils.loads(node.cpu_info)
    except ValueError:
        return {}


def _details(request, node, service):
    free_disk_gb = node.local_gb - node.local_gb_used
    return {
        'vcpus': node.vcpus,
        'memory_mb': node.memory_mb,
        'local_gb': node.local_gb,
        'vcpus_used': node.vcpus_used,
        'memory_mb_used': node.memory_mb_used,
        'local_gb_used': node.local_gb_used,
        'hypervisor_type': node.hypervisor_type,
        'hypervisor_version': node.hypervisor_version,
        'free_ram_mb': node.memory_mb - node.memory_mb_used,
        'free_disk_gb': free_disk_gb,
        'current_workload': 0,
        'running_vms': node.running_vms,
        'disk_available_least': free_disk_gb,
        'host_ip': str(node.host_ip) if node.host_ip else None,
        'service': {
            'id': service_views.service_id(request, service),
            'host': node.host,
            'disabled_reason': service.disabled_reason,
        },
        'cpu_info': _cpu_info(request, node),
    }


def hypervisor(request, node, service, detail=False, servers=None):
    """One hypervisor; ``servers`` (a list of instances, 2.53
    ``with_servers``) is shown only when it is not empty, as in Nova
    before 2.75."""
    item = {
        'id': node_id(request, node),
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if servicegroup.service_is_up(service) else 'down',
        'status': 'disabled' if service.disabled else 'enabled',
    }
    if detail:
        item.update(_details(request, node, service))
    if servers:
        item['servers'] = [{'name': inst.display_name, 'uuid': inst.uuid}
                           for inst in servers]
    return item


def index(request, entries, detail=False, limit=None):
    """``entries``: (node, service, servers or None) triples."""
    body = {'hypervisors': [hypervisor(request, node, service, detail,
                                       servers)
                            for node, service, servers in entries]}
    if limit is not None:
        collection = COLLECTION + '/detail' if detail else COLLECTION
        links = common.collection_links(request, body['hypervisors'],
                                        collection, limit)
        if links:
            body['hypervisors_links'] = links
    return body


def show(request, node, service, servers=None):
    return {'hypervisor': hypervisor(request, node, service, detail=True,
                                     servers=servers)}


def statistics(nodes):
    """The sums over every node (``GET /os-hypervisors/statistics``)."""
    totals = dict.fromkeys(
        ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
         'local_gb_used', 'free_ram_mb', 'free_disk_gb', 'current_workload',
         'running_vms', 'disk_available_least'), 0)
    for node in nodes:
        for key in ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                    'memory_mb_used', 'local_gb_used', 'running_vms'):
            totals[key] += getattr(node, key)
        free_disk_gb = node.local_gb - node.local_gb_used
        totals['free_ram_mb'] += node.memory_mb - node.memory_mb_used
        totals['free_disk_gb'] += free_disk_gb
        totals['disk_available_least'] += free_disk_gb
    totals['count'] = len(nodes)
    return {'hypervisor_statistics': totals}
