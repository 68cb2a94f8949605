"""Build workflows: schedule new instances and send each to its host;
retry a failed build on one of its alternate hosts.

Both run in the conductor, so their object calls are local database
work, not RPC. Whatever fails, every instance of the request ends either
sent to a compute or in ERROR with a fault: none stays in building.
"""

from oslo_log import log as logging

from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
import nova_lite.conf
from nova_lite.conductor.tasks import base
from nova_lite import exception
from nova_lite import objects
from nova_lite.scheduler import utils as scheduler_utils

CONF = nova_lite.conf.CONF
LOG = logging.getLogger(__name__)

SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'
RESCHEDULE_EVENT = 'conductor_build_instances'

# A claim failing with these means "not on this host": try the next one.
_CLAIM_LOST = (exception.ResourceClaimFailed, exception.ComputeNodeNotFound,
               exception.ConcurrentUpdateDetected,
               exception.GroupAffinityViolation)


def network_info_by_instance(fixed_ips):
    """{instance uuid: [{network, address, mac, version}]}."""
    result = {}
    for fixed_ip in fixed_ips:
        result.setdefault(fixed_ip.instance_uuid, []).append(
            fixed_ip.to_network_info())
    return result


def assign_host(context, instance, selection):
    """Record the chosen host on the instance, if it is still scheduling.

    :returns: False when the instance was deleted meanwhile (its claim is
        released then), True otherwise
    """
    instance.host = selection.service_host
    instance.node = selection.nodename
    if selection.availability_zone:
        instance.availability_zone = selection.availability_zone
    try:
        instance.save(expected_task_state=[task_states.SCHEDULING])
    except (exception.InstanceNotFound,
            exception.UnexpectedTaskStateError) as exc:
        LOG.info('Instance was deleted while being scheduled, not building '
                 'it: %s', exc.format_message(), instance_uuid=instance.uuid)
        compute_utils.release_allocations(context, instance.uuid,
                                          'deleted while scheduling')
        return False
    LOG.info('Scheduled on %(host)s (node %(node)s)',
             {'host': selection.service_host, 'node': selection.nodename},
             instance_uuid=instance.uuid)
    return True


def fail_instance(context, instance, exc, exc_tb, host):
    """ERROR with a fault, unless a delete won the race."""
    if compute_utils.set_error_with_fault(context, instance, exc, host,
                                          exc_tb, [task_states.SCHEDULING]):
        LOG.warning('Build failed, instance set to ERROR: %s',
                    compute_utils.fault_from_exc(exc)[1],
                    instance_uuid=instance.uuid)


class ScheduleAndBuildTask(base.TaskBase):
    """Choose hosts for new instances, give them IPs, start their builds.

    One scheduler call for the whole request (hosts claimed there), a
    host save per instance, one fixed IP allocation for all, then a cast
    per instance to its compute with its alternates.
    """

    def __init__(self, context, host, instances, request_spec, image_ref,
                 requested_networks, scheduler_client, compute_rpcapi):
        super().__init__(context, host)
        self.instances = list(instances)
        self.request_spec = request_spec
        self.image_ref = image_ref
        self.requested_networks = requested_networks
        self.scheduler_client = scheduler_client
        self.compute_rpcapi = compute_rpcapi
        self.scheduled = False
        self.done = set()

    def _execute(self):
        uuids = [inst.uuid for inst in self.instances]
        with compute_utils.EventReporter(self.context, SCHEDULE_EVENT,
                                         self.host, *uuids):
            LOG.info('Scheduling %(n)d instances: %(uuids)s',
                     {'n': len(uuids), 'uuids': ', '.join(uuids)})
            self._attach_image()
            selections = self.scheduler_client.select_destinations(
                self.context, self.request_spec, uuids,
                return_alternates=True)
            self.scheduled = True
            builds = []
            for instance, choice in zip(self.instances, selections):
                if assign_host(self.context, instance, choice[0]):
                    builds.append((instance, choice))
                else:
                    self.done.add(instance.uuid)
            networks = self._allocate_networks(
                [inst.uuid for inst, _choice in builds])
            for instance, choice in builds:
                if instance.uuid not in self.done:
                    self._cast_build(instance, choice,
                                     networks.get(instance.uuid, []))

    def _attach_image(self):
        """Give the spec its image (a local read here), so neither the
        scheduler nor the compute has to ask for it."""
        spec = self.request_spec
        if spec.obj_attr_is_set('image') or not self.image_ref:
            return
        try:
            spec.image = objects.Image.get_by_id(self.context,
                                                 self.image_ref)
        except exception.NotFound:
            LOG.warning('Image %s is gone; scheduling without it',
                        self.image_ref)
            spec.image = None

    def _allocate_networks(self, uuids):
        """One allocation for all; an instance deleted meanwhile is left
        out (its claim released) and the others tried again."""
        if self.requested_networks == 'none':
            return {}
        uuids = list(uuids)
        while uuids:
            try:
                fixed_ips = objects.FixedIPList.allocate_for_instances(
                    self.context, uuids, CONF.network.network_label)
            except exception.InstanceNotFound as exc:
                gone = exc.kwargs.get('instance_id')
                if gone not in uuids:
                    raise
                LOG.info('Instance was deleted before it got an address, '
                         'not building it', instance_uuid=gone)
                compute_utils.release_allocations(
                    self.context, gone, 'deleted while scheduling')
                uuids.remove(gone)
                self.done.add(gone)
                continue
            return network_info_by_instance(fixed_ips)
        return {}

    def _cast_build(self, instance, choice, network_info):
        LOG.info('Sending the build to %(host)s with %(n)d alternates',
                 {'host': choice[0].service_host, 'n': len(choice) - 1},
                 instance_uuid=instance.uuid)
        self.compute_rpcapi.build_and_run_instance(
            self.context, instance=instance, request_spec=self.request_spec,
            selection=choice[0], alternates=choice[1:],
            network_info=network_info, num_attempts=1)
        self.done.add(instance.uuid)

    def rollback(self, exc, exc_tb):
        """Every instance not yet sent to a compute goes to ERROR."""
        for instance in self.instances:
            if instance.uuid in self.done:
                continue
            if self.scheduled:
                compute_utils.release_allocations(
                    self.context, instance.uuid, 'build failed')
            fail_instance(self.context, instance, exc, exc_tb, self.host)


class RescheduleTask(base.TaskBase):
    """Retry the build of one instance on its next alternate host.

    Claims the alternates in order until one takes the instance; with no
    alternate left, or ``[scheduler] max_attempts`` builds tried, the
    instance goes to ERROR (MaxRetriesExceeded).
    """

    def __init__(self, context, host, instance, request_spec, alternates,
                 num_attempts, compute_rpcapi):
        super().__init__(context, host)
        self.instance = instance
        self.request_spec = request_spec
        self.alternates = list(alternates or [])
        self.num_attempts = num_attempts
        self.compute_rpcapi = compute_rpcapi
        self.claimed = False

    def _execute(self):
        instance = self.instance
        with compute_utils.EventReporter(self.context, RESCHEDULE_EVENT,
                                         self.host, instance.uuid):
            selection, rest = self._claim_alternate()
            if not assign_host(self.context, instance, selection):
                return
            fixed_ips = objects.FixedIPList.get_by_instance_uuids(
                self.context, [instance.uuid])
            LOG.info('Rescheduling to %(host)s (attempt %(n)d)',
                     {'host': selection.service_host,
                      'n': self.num_attempts + 1},
                     instance_uuid=instance.uuid)
            self.compute_rpcapi.build_and_run_instance(
                self.context, instance=instance,
                request_spec=self.request_spec, selection=selection,
                alternates=rest,
                network_info=network_info_by_instance(fixed_ips).get(
                    instance.uuid, []),
                num_attempts=self.num_attempts + 1)

    def _exhausted(self):
        return exception.MaxRetriesExceeded(
            reason='Exhausted all hosts available for retrying build '
                   'failures for instance %s.' % self.instance.uuid)

    def _claim_alternate(self):
        """(the claimed alternate, those after it) or MaxRetriesExceeded."""
        instance = self.instance
        if self.num_attempts >= CONF.scheduler.max_attempts:
            LOG.info('%(n)d build attempts made, the most allowed',
                     {'n': self.num_attempts}, instance_uuid=instance.uuid)
            raise self._exhausted()
        for index, selection in enumerate(self.alternates):
            resources = (selection.allocation or
                         scheduler_utils.resources_from_flavor(
                             instance.flavor))
            try:
                objects.AllocationList.claim(
                    self.context, selection.compute_node_uuid,
                    instance.uuid, instance.project_id, instance.user_id,
                    resources)
            except _CLAIM_LOST as exc:
                LOG.info('Alternate %(host)s cannot take the instance: '
                         '%(err)s', {'host': selection.service_host,
                                     'err': exc.format_message()},
                         instance_uuid=instance.uuid)
                continue
            self.claimed = True
            return selection, self.alternates[index + 1:]
        raise self._exhausted()

    def rollback(self, exc, exc_tb):
        if self.claimed:
            compute_utils.release_allocations(self.context,
                                              self.instance.uuid,
                                              'reschedule failed')
        fail_instance(self.context, self.instance, exc, exc_tb, self.host)
