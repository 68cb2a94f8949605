"""Build one instance on this host: the compute side of the boot path.

The conductor has claimed this host's resources and set ``instance.host``
before casting here. The build moves ``task_state`` scheduling → spawning
with a compare-and-swap (so a delete that came first wins), spawns the
guest, and saves ACTIVE expecting ``spawning`` (so a delete that came
during the spawn wins too). A failure the driver calls reschedulable
releases the claim and hands the instance back to the conductor with its
remaining alternates; any other failure is final: ERROR, a fault, the
claim released.
"""

import sys

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite import exception

LOG = logging.getLogger(__name__)

BUILD_EVENT = 'compute_build_and_run_instance'

# What a save raises when the instance is being, or was, deleted.
_DELETED = (exception.InstanceNotFound, exception.UnexpectedTaskStateError)


def image_meta(instance, request_spec):
    """What the driver is told of the image (a dict, at least ``id``)."""
    image = None
    if (request_spec is not None and 'image' in request_spec.fields
            and request_spec.obj_attr_is_set('image')):
        image = request_spec.image
    if image is None:
        return {'id': instance.image_ref, 'properties': {}}
    meta = {name: getattr(image, name)
            for name in ('id', 'name', 'disk_format', 'container_format',
                         'min_disk', 'min_ram', 'size', 'checksum')
            if image.obj_attr_is_set(name)}
    meta['properties'] = dict(image.properties or {})
    return meta


class InstanceBuilder:
    """Runs builds for a compute manager (its host, driver, conductor)."""

    def __init__(self, host, driver, compute_task_api):
        self.host = host
        self.driver = driver
        self.compute_task_api = compute_task_api

    def build(self, context, instance, request_spec, alternates,
              network_info, num_attempts):
        """Build ``instance`` here; every outcome is saved on it."""
        if not self._start(context, instance, num_attempts):
            return
        try:
            self._spawn(context, instance,
                        image_meta(instance, request_spec), network_info)
        except exception.RescheduledException as exc:
            self._record_failure(context, instance, exc)
            self._reschedule(context, instance, request_spec, alternates,
                             num_attempts, exc)
        except Exception as exc:
            self._record_failure(context, instance, exc)
            self._fail(context, instance, exc, sys.exc_info()[2],
                       [task_states.SPAWNING])

    def _record_failure(self, context, instance, exc):
        compute_utils.record_event_failure(context, BUILD_EVENT,
                                           instance.uuid, exc,
                                           sys.exc_info()[2])

    def _start(self, context, instance, num_attempts):
        # The build event's start rides on this save: one call, not two.
        instance.task_state = task_states.SPAWNING
        try:
            instance.save(expected_task_state=[task_states.SCHEDULING],
                          action_event={'event': BUILD_EVENT,
                                        'phase': 'start',
                                        'host': self.host})
        except _DELETED as exc:
            LOG.info('Not building: the instance was deleted meanwhile '
                     '(%s)', exc.format_message(),
                     instance_uuid=instance.uuid)
            compute_utils.release_allocations(
                context, instance.uuid, 'deleted before its build')
            return False
        LOG.info('Building on %(host)s (attempt %(n)d)',
                 {'host': self.host, 'n': num_attempts},
                 instance_uuid=instance.uuid)
        return True

    def _spawn(self, context, instance, meta, network_info):
        self.driver.spawn(context, instance, meta, network_info)
        instance.vm_state = vm_states.ACTIVE
        instance.power_state = power_state.RUNNING
        instance.task_state = None
        instance.launched_at = timeutils.utcnow()
        try:
            instance.save(expected_task_state=[task_states.SPAWNING],
                          action_event={'event': BUILD_EVENT,
                                        'phase': 'finish'})
        except exception.InstanceNotFound:
            LOG.info('The instance was deleted during its spawn; removing '
                     'the guest', instance_uuid=instance.uuid)
            self._destroy_guest(context, instance)
            return
        except exception.UnexpectedTaskStateError as exc:
            # A delete set 'deleting' and cast terminate_instance here: it
            # runs once this build lets go of the instance's lock. The
            # spawn itself went well.
            LOG.info('Spawned, but the delete wins: %s',
                     exc.format_message(), instance_uuid=instance.uuid)
            compute_utils.record_event_success(context, BUILD_EVENT,
                                               instance.uuid)
            return
        LOG.info('Instance spawned successfully', instance_uuid=instance.uuid)

    def _reschedule(self, context, instance, request_spec, alternates,
                    num_attempts, exc):
        LOG.warning('Build failed, asking the conductor for another host: '
                    '%s', exc.format_message(), instance_uuid=instance.uuid)
        self._destroy_guest(context, instance)
        compute_utils.release_allocations(context, instance.uuid,
                                          'rescheduling')
        instance.task_state = task_states.SCHEDULING
        instance.host = None
        instance.node = None
        try:
            instance.save(expected_task_state=[task_states.SPAWNING])
        except _DELETED as exc:
            LOG.info('Not rescheduling: the instance was deleted (%s)',
                     exc.format_message(), instance_uuid=instance.uuid)
            return
        try:
            self.compute_task_api.build_instances(
                context, instance=instance, request_spec=request_spec,
                alternates=alternates, num_attempts=num_attempts)
        except Exception as cast_exc:
            self._fail(context, instance, cast_exc, sys.exc_info()[2],
                       [task_states.SCHEDULING])

    def _fail(self, context, instance, exc, exc_tb, expected_task_state):
        LOG.error('Build failed for good: %s',
                  compute_utils.fault_from_exc(exc)[1],
                  instance_uuid=instance.uuid, exc_info=(type(exc), exc,
                                                         exc_tb))
        self._destroy_guest(context, instance)
        compute_utils.release_allocations(context, instance.uuid,
                                          'build failed')
        compute_utils.set_error_with_fault(context, instance, exc,
                                           self.host, exc_tb,
                                           expected_task_state)

    def _destroy_guest(self, context, instance):
        try:
            self.driver.destroy(context, instance)
        except Exception:
            LOG.exception('Could not remove the guest',
                          instance_uuid=instance.uuid)
