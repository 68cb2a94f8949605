"""A resize run in one process: API, conductor task, scheduler, computes.

Every object call is real (SQLite, the test's own database). The casts of
the conductor and compute RPC APIs are queued by :class:`InProcessCloud`
and run one after the other by :meth:`InProcessCloud.run`, each with
copies of its objects (as if serialized), on the Resizer and FakeDriver of
the host it was sent to.
"""

import oslo_messaging as messaging
from oslo_utils import timeutils

from nova_lite.compute import api as compute_api
from nova_lite.compute import power_state
from nova_lite.compute import resize
from nova_lite.compute import vm_states
from nova_lite.conductor.tasks import migrate
from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.objects import base as obj_base
from nova_lite.scheduler import manager as scheduler_manager
from nova_lite.virt import fake
from tests.unit import boot_fakes


def ctx(request_id):
    return nl_context.RequestContext(user_id='u1', project_id='p1',
                                     roles=['member', 'reader'],
                                     request_id=request_id)


class InProcessScheduler:
    def __init__(self):
        self.manager = scheduler_manager.SchedulerManager(host='sched')
        self.specs = []

    def select_destinations(self, context, request_spec, instance_uuids,
                            return_alternates=True):
        self.specs.append(request_spec)
        try:
            return self.manager.select_destinations(
                context, request_spec, instance_uuids,
                return_alternates=return_alternates)
        except messaging.ExpectedException as exc:
            raise exc.exc_info[1]


def _copy(value):
    if isinstance(value, obj_base.NovaLiteObject):
        return value.obj_clone()
    return value


class InProcessCloud:
    """Plays ComputeTaskAPI and ComputeAPI for the API, the conductor task
    and the Resizers; ``run()`` delivers the casts."""

    def __init__(self, hosts):
        self.queue = []
        self.sent = []
        self.drivers = {}
        self.resizers = {}
        for host in hosts:
            driver = fake.FakeDriver()
            driver.init_host(host)
            self.drivers[host] = driver
            self.resizers[host] = resize.Resizer(host, driver, self)
        self.scheduler = InProcessScheduler()
        self.api = compute_api.API()
        self.api.compute_task_api = self
        self.api.compute_rpcapi = self

    def _cast(self, host, method, **kwargs):
        self.sent.append((host, method))
        self.queue.append((host, method,
                           {k: _copy(v) for k, v in kwargs.items()}))

    def run(self):
        while self.queue:
            host, method, kwargs = self.queue.pop(0)
            if host == 'conductor':
                migrate.MigrationTask(
                    kwargs['context'], 'cond1', kwargs['instance'],
                    kwargs['flavor'], kwargs['request_spec'],
                    self.scheduler, self).execute()
            elif method == 'terminate_instance':
                self.drivers[host].destroy(kwargs['context'],
                                           kwargs['instance'])
                kwargs['instance'].destroy()
            else:
                getattr(self.resizers[host], method)(**kwargs)

    # ComputeTaskAPI
    def migrate_server(self, context, instance, flavor, request_spec):
        self._cast('conductor', 'migrate_server', context=context,
                   instance=instance, flavor=flavor,
                   request_spec=request_spec)

    # ComputeAPI
    def check_can_send(self, version, method):
        """Every compute here speaks the newest RPC."""

    def prep_resize(self, context, instance, flavor, migration,
                    request_spec, host):
        self._cast(host, 'prep_resize', context=context, instance=instance,
                   flavor=flavor, migration=migration)

    def resize_instance(self, context, instance, migration, flavor, host):
        self._cast(host, 'resize_instance', context=context,
                   instance=instance, migration=migration, flavor=flavor)

    def _step(method):
        def cast(self, context, instance, migration, host):
            self._cast(host, method, context=context, instance=instance,
                       migration=migration)
        return cast

    finish_resize = _step('finish_resize')
    confirm_resize = _step('confirm_resize')
    revert_resize = _step('revert_resize')
    finish_revert_resize = _step('finish_revert_resize')

    def terminate_instance(self, context, instance):
        self._cast(instance.host, 'terminate_instance', context=context,
                   instance=instance)

    # what the tests look at
    def guests(self):
        """{host: {uuid: power state}} of every fake driver."""
        return {host: {uuid: driver.get_info(
            objects.Instance(uuid=uuid)).state
            for uuid in driver.list_instances()}
            for host, driver in self.drivers.items()}


def make_flavor(context, name, vcpus, memory_mb, root_gb, ephemeral_gb=0):
    flavor = objects.Flavor(context=context, name=name, flavorid=name,
                            vcpus=vcpus, memory_mb=memory_mb,
                            root_gb=root_gb, ephemeral_gb=ephemeral_gb,
                            swap=0)
    flavor.create()
    return flavor


def active_instance(context, cloud, flavor, host):
    """An ACTIVE instance of ``flavor`` on ``host``, claimed and spawned
    as a build would leave it."""
    spec = boot_fakes.request_spec(context, flavor)
    spec.image_ref = None
    instance = boot_fakes.create_instances(context, spec)[0]
    node = objects.ComputeNode.get_by_host_and_nodename(context, host, host)
    objects.AllocationList.claim(
        context, node.uuid, instance.uuid, instance.project_id,
        instance.user_id,
        {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.memory_mb,
         'DISK_GB': flavor.root_gb + flavor.ephemeral_gb})
    cloud.drivers[host].spawn(context, instance, {}, [])
    instance.host = instance.node = host
    instance.vm_state = vm_states.ACTIVE
    instance.task_state = None
    instance.power_state = power_state.RUNNING
    instance.launched_at = timeutils.utcnow()
    instance.save()
    return instance


def holdings(context, consumer):
    """{host: {resource class: used}} that ``consumer`` holds."""
    nodes = {n.uuid: n.host for n in objects.ComputeNodeList.get_all(
        context)}
    found = {}
    for alloc in objects.AllocationList.get_all_by_consumer_id(context,
                                                               consumer):
        found.setdefault(nodes[alloc.resource_provider_uuid], {})[
            alloc.resource_class] = alloc.used
    return found


def events(context, instance_uuid, request_id):
    action = objects.InstanceAction.get_by_request_id(context, instance_uuid,
                                                      request_id)
    return action, {e.event: e.result for e in
                    objects.InstanceActionEventList.get_by_action(
                        context, action.id)}
