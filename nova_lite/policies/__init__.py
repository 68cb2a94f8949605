"""Default policy rules, one module per resource, Nova's rule names.

``list_rules()`` is the ``oslo.policy.policies`` entry point (namespace
``nova_lite``) that oslopolicy-sample-generator reads.
"""

import itertools

from nova_lite.policies import base
from nova_lite.policies import flavor_access
from nova_lite.policies import flavor_extra_specs
from nova_lite.policies import flavor_manage
from nova_lite.policies import servers


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        flavor_access.list_rules(),
        flavor_extra_specs.list_rules(),
        flavor_manage.list_rules(),
        servers.list_rules(),
    ))
