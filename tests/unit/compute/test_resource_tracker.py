"""The resource tracker reports capacity and usage, and saves only changes."""

from unittest import mock

from oslo_utils import uuidutils
import pytest

from nova_lite.compute import resource_tracker
from nova_lite.compute import vm_states
from nova_lite import context
from nova_lite import objects
from nova_lite.virt import fake
from tests.unit.db import db_fixture


@pytest.fixture
def db(tmp_path):
    objects.register_all()
    with db_fixture.Database(
            db_fixture.sqlite_url(tmp_path / 'rt.sqlite')) as database:
        yield database


@pytest.fixture
def rt(db, conf):
    conf.config(vcpus=8, memory_mb=8192, local_gb=100, group='fake_driver')
    conf.config(reserved_host_memory_mb=512, reserved_host_cpus=1,
                cpu_allocation_ratio=2.0)
    driver = fake.FakeDriver()
    driver.init_host('h1')
    return resource_tracker.ResourceTracker('h1', driver)


def _instance(host, node, vcpus, memory_mb, root_gb, state=vm_states.ACTIVE):
    inst = objects.Instance(
        context=context.get_admin_context(),
        uuid=uuidutils.generate_uuid(), user_id='u', project_id='p',
        host=host, node=node, vcpus=vcpus, memory_mb=memory_mb,
        root_gb=root_gb, ephemeral_gb=0, vm_state=state)
    inst.create()
    return inst


def test_first_run_creates_the_node(rt):
    ctxt = context.get_admin_context()
    node = rt.update_available_resource(ctxt, 'h1')
    stored = objects.ComputeNode.get_by_host_and_nodename(ctxt, 'h1', 'h1')
    assert stored.uuid == node.uuid
    assert (stored.vcpus, stored.memory_mb, stored.local_gb) == (8, 8192, 100)
    assert stored.cpu_allocation_ratio == 2.0
    assert stored.ram_allocation_ratio == 1.0
    assert (stored.vcpus_used, stored.memory_mb_used) == (1, 512)
    assert stored.running_vms == 0


def test_idle_host_saves_nothing(rt):
    ctxt = context.get_admin_context()
    rt.update_available_resource(ctxt, 'h1')
    with mock.patch.object(objects.ComputeNode, 'save') as save:
        rt.update_available_resource(ctxt, 'h1')
    save.assert_not_called()


def test_usage_counts_this_nodes_instances(rt):
    ctxt = context.get_admin_context()
    _instance('h1', 'h1', 2, 1024, 10)
    _instance('h1', 'h1', 1, 512, 5)
    _instance('h2', 'h2', 4, 4096, 40)
    rt.update_available_resource(ctxt, 'h1')
    node = objects.ComputeNode.get_by_host_and_nodename(ctxt, 'h1', 'h1')
    assert node.vcpus_used == 1 + 3
    assert node.memory_mb_used == 512 + 1536
    assert node.local_gb_used == 15
    assert node.running_vms == 2


def test_restarted_tracker_finds_the_existing_node(rt):
    ctxt = context.get_admin_context()
    first = rt.update_available_resource(ctxt, 'h1')
    again = resource_tracker.ResourceTracker('h1', rt.driver)
    assert again.update_available_resource(ctxt, 'h1').id == first.id
