"""ImagePropertiesFilter: the host's hypervisor can run the image.

Image properties read (Nova's names; the older names in brackets):

* ``hw_architecture`` (``architecture``): the node's CPU architecture, as
  its ``cpu_info`` reports it (``{"arch": "x86_64", ...}``);
* ``img_hv_type`` (``hypervisor_type``): the node's hypervisor type;
* ``hw_vm_mode`` (``vm_mode``): only ``hvm`` guests are supported;
* ``img_hv_requested_version``: a hypervisor version constraint such as
  ``>=2.1``; a bare version or ``=`` means "at least", ``==`` "exactly".

An image without these properties runs anywhere.
"""

import operator
import re

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import versionutils

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)

_ARCH_ALIASES = {'amd64': 'x86_64', 'x64': 'x86_64', 'arm64': 'aarch64',
                 'i386': 'i686', 'x86': 'i686'}
_SUPPORTED_VM_MODES = ('hvm',)
_OPERATORS = (('>=', operator.ge), ('<=', operator.le),
              ('==', operator.eq), ('!=', operator.ne),
              ('>', operator.gt), ('<', operator.lt), ('=', operator.ge))
_VERSION = re.compile(r'^\d+(\.\d+){0,2}$')


def _prop(props, name, legacy):
    value = props.get(name) or props.get(legacy)
    return value.strip().lower() if isinstance(value, str) else value


def _canonical_arch(arch):
    return _ARCH_ALIASES.get(arch, arch)


def _node_arch(node):
    try:
        info = jsonutils.loads(node.cpu_info or '{}')
    except ValueError:
        return None
    arch = info.get('arch') if isinstance(info, dict) else None
    return _canonical_arch(arch.lower()) if isinstance(arch, str) else None


def version_satisfies(hypervisor_version, constraint):
    """True if ``hypervisor_version`` (an int, 1.2.3 = 1002003) meets
    ``constraint``; an unparsable constraint is never met."""
    constraint = constraint.strip()
    compare = operator.ge
    for symbol, fn in _OPERATORS:
        if constraint.startswith(symbol):
            compare, constraint = fn, constraint[len(symbol):].strip()
            break
    if not _VERSION.match(constraint) or hypervisor_version is None:
        return False
    have = versionutils.convert_version_to_tuple(
        versionutils.convert_version_to_str(hypervisor_version))
    want = versionutils.convert_version_to_tuple(constraint)
    return compare(have, want)


class ImagePropertiesFilter(filters.BaseHostFilter):
    """Pass hosts whose architecture, hypervisor type and version suit the
    image's properties."""

    def host_passes(self, host_state, request):
        props = request.image_properties
        if not props:
            return True
        node = host_state.compute_node
        problem = self._problem(node, props)
        if problem:
            LOG.debug('%(host)s cannot run the image: %(problem)s',
                      {'host': host_state.host, 'problem': problem})
            return False
        return True

    @staticmethod
    def _problem(node, props):
        arch = _prop(props, 'hw_architecture', 'architecture')
        if arch and _canonical_arch(arch) != _node_arch(node):
            return 'architecture %s, not %s' % (_node_arch(node), arch)
        hv_type = _prop(props, 'img_hv_type', 'hypervisor_type')
        if hv_type and hv_type != (node.hypervisor_type or '').lower():
            return 'hypervisor %s, not %s' % (node.hypervisor_type, hv_type)
        vm_mode = _prop(props, 'hw_vm_mode', 'vm_mode')
        if vm_mode and vm_mode not in _SUPPORTED_VM_MODES:
            return 'vm mode %s is not supported' % vm_mode
        wanted = props.get('img_hv_requested_version')
        if wanted and not version_satisfies(node.hypervisor_version, wanted):
            return 'hypervisor version %s does not satisfy %s' % (
                node.hypervisor_version, wanted)
        return None
