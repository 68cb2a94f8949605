"""The scheduler's RPC endpoint: choose hosts, and claim them.

``select_destinations`` takes every compute node with its service and
usage (read in one conductor call, or the view read less than ``[scheduler]
host_state_max_age`` ago), then for each instance filters and weighs the
hosts and claims the best one (an atomic write in the conductor: two
schedulers never overcommit a node). A claim that loses a race moves on to
the next host and makes the next request read the view again. Each claim is
added to the in-memory host states, so the instances of one request spread
as the weighers say.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

import nova_lite.conf
from nova_lite import exception
from nova_lite import manager
from nova_lite import objects
from nova_lite.scheduler import host_manager
from nova_lite.scheduler import utils

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

NOT_ENOUGH_HOSTS = 'There are not enough hosts available.'

# A claim that fails with these means "not on this node": try the next.
_CLAIM_LOST = (exception.ResourceClaimFailed, exception.ComputeNodeNotFound,
               exception.ConcurrentUpdateDetected)


class SchedulerManager(manager.Manager):
    """Chooses hosts for instances.

    NOTE: ``target.version`` and ``SchedulerAPI.VERSION`` move together.
    """

    target = messaging.Target(version='1.0')

    def __init__(self, host=None, service_name='scheduler'):
        super().__init__(host=host, service_name=service_name)
        self.host_manager = host_manager.HostManager()

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, request_spec, instance_uuids,
                            return_alternates=True):
        """One list of Selection per instance: claimed host + alternates."""
        request = utils.SchedulingRequest(
            request_spec,
            image_properties=self._image_properties(context, request_spec),
            instance_hosts=self._hinted_hosts(context, request_spec),
            instance_group=self._instance_group(context, request_spec))
        hosts = self.host_manager.get_host_states(context)
        max_alternates = (CONF.scheduler.max_attempts - 1
                          if return_alternates else 0)
        claimed = []
        try:
            for uuid in instance_uuids:
                claimed.append(self._schedule_one(
                    context, request, hosts, uuid, max_alternates))
        except exception.NoValidHost:
            self._release(context, instance_uuids[:len(claimed)])
            raise
        except Exception:
            # Including the instance being claimed: its claim may have
            # been written even if the answer never came back.
            self._release(context, instance_uuids[:len(claimed) + 1])
            raise
        return claimed

    def _schedule_one(self, context, request, hosts, uuid, max_alternates):
        candidates, results = self.host_manager.get_filtered_hosts(
            hosts, request)
        if not candidates:
            LOG.info('Filtering removed all hosts for the request with '
                     'instance ID %(uuid)s. Filter results: %(results)s',
                     {'uuid': uuid, 'results': results})
            raise exception.NoValidHost(
                reason=NOT_ENOUGH_HOSTS,
                details='Filter results: %s' % ', '.join(results))
        ranked = self.host_manager.get_weighed_hosts(candidates, request)
        chosen = self._claim_first(context, request, uuid, ranked)
        if chosen is None:
            raise exception.NoValidHost(
                reason=NOT_ENOUGH_HOSTS,
                details='Every claim failed on %d candidate hosts' %
                        len(ranked))
        alternates = [h for h in ranked
                      if h is not chosen and not h.claim_failed]
        return [self._selection(chosen, request)] + [
            self._selection(h, request) for h in alternates[:max_alternates]]

    def _claim_first(self, context, request, uuid, ranked):
        """Claim on the first host that takes it; that host, or None."""
        spec = request.spec
        for host in ranked:
            try:
                objects.AllocationList.claim(
                    context, host.uuid, uuid, spec.project_id,
                    spec.user_id, request.resources)
            except exception.GroupAffinityViolation as exc:
                # A concurrent boot placed a member meanwhile: this host no
                # longer suits the group (its view is still right).
                LOG.info('Claim for instance %(uuid)s on %(host)s refused, '
                         'trying the next host: %(err)s',
                         {'uuid': uuid, 'host': host.host,
                          'err': exc.format_message()})
                continue
            except _CLAIM_LOST as exc:
                LOG.info('Claim for instance %(uuid)s on %(host)s failed, '
                         'trying the next host: %(err)s',
                         {'uuid': uuid, 'host': host.host,
                          'err': exc.format_message()})
                self.host_manager.claim_failed(host)
                continue
            self.host_manager.claimed(host, request.resources)
            request.placed(host.host)
            LOG.info('Claimed %(res)s on %(host)s (%(node)s) for instance '
                     '%(uuid)s', {'res': request.resources,
                                  'host': host.host, 'node': host.nodename,
                                  'uuid': uuid})
            return host
        return None

    @staticmethod
    def _selection(host, request):
        return objects.Selection(
            service_host=host.host, nodename=host.nodename,
            compute_node_uuid=host.uuid,
            availability_zone=host.availability_zone,
            allocation=dict(request.resources))

    @staticmethod
    def _release(context, uuids):
        for uuid in uuids:
            try:
                count = objects.AllocationList.delete_by_consumer(context,
                                                                  uuid)
            except Exception:
                LOG.exception('Could not release the claim of instance %s',
                              uuid)
                continue
            LOG.info('Released the claim of instance %(uuid)s (%(n)d '
                     'allocations) as the request failed',
                     {'uuid': uuid, 'n': count})

    @staticmethod
    def _instance_group(context, spec):
        """The request's server group, read now (never from the cached
        host view): its members and their hosts as they are; None."""
        if ('instance_group' not in spec.fields or
                not spec.obj_attr_is_set('instance_group') or
                spec.instance_group is None):
            return None
        try:
            return objects.InstanceGroup.get_by_uuid(
                context, spec.instance_group.uuid)
        except exception.InstanceGroupNotFound:
            # Deleted since the boot was accepted: nothing to honour.
            LOG.info('Server group %s is gone; scheduling without it',
                     spec.instance_group.uuid)
            return None

    @staticmethod
    def _hinted_hosts(context, spec):
        """{uuid: host} of the instances the affinity hints name."""
        uuids = utils.hinted_instance_uuids(spec)
        if not uuids:
            return {}
        instances = objects.InstanceList.get_by_filters(
            context, {'uuid': uuids})
        return {inst.uuid: inst.host for inst in instances if inst.host}

    def _image_properties(self, context, spec):
        """The image's properties, when a filter needs them."""
        if 'image' in spec.fields and spec.obj_attr_is_set('image'):
            # Filled in by the API or the conductor; None: no image.
            return dict(spec.image.properties or {}) if spec.image else {}
        if ('ImagePropertiesFilter' not in
                CONF.filter_scheduler.enabled_filters or not spec.image_ref):
            return {}
        try:
            image = objects.Image.get_by_id(context, spec.image_ref)
        except exception.NotFound:
            LOG.warning('Image %s not found; scheduling without its '
                        'properties', spec.image_ref)
            return {}
        return dict(image.properties or {})
