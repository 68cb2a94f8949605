import pytest

from nova_lite.scheduler.filters import image_props_filter
from tests.unit.scheduler import fakes

FILTER = image_props_filter.ImagePropertiesFilter()


def _passes(props, **node):
    host = fakes.host_state(**node)
    return FILTER.host_passes(host, fakes.request(image_properties=props))


def test_no_properties_pass():
    assert _passes({})
    assert _passes({'os_distro': 'ubuntu'})


def test_architecture():
    assert _passes({'hw_architecture': 'x86_64'})
    assert _passes({'architecture': 'amd64'})
    assert not _passes({'hw_architecture': 'aarch64'})
    assert not _passes({'hw_architecture': 'x86_64'}, cpu_info='{}')
    assert not _passes({'hw_architecture': 'x86_64'}, cpu_info='garbled')


def test_hypervisor_type():
    assert _passes({'img_hv_type': 'FAKE'})
    assert not _passes({'img_hv_type': 'kvm'})
    assert not _passes({'hypervisor_type': 'kvm'})


def test_vm_mode():
    assert _passes({'hw_vm_mode': 'hvm'})
    assert not _passes({'hw_vm_mode': 'xen'})


@pytest.mark.parametrize('wanted, passes', [
    ('>=1.0', True), ('>= 1.1', False), ('1.0', True), ('=0.9', True),
    ('==1.0', True), ('==1.0.1', False), ('<2', True), ('>1.0', False),
    ('!=1.0', False), ('nonsense', False)])
def test_requested_version(wanted, passes):
    # hypervisor_version 1000 is 1.0.0
    assert _passes({'img_hv_requested_version': wanted}) is passes
