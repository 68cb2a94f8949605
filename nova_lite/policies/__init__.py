"""Default policy rules, one module per resource, Nova's rule names.

``list_rules()`` is the ``oslo.policy.policies`` entry point (namespace
``nova_lite``) that oslopolicy-sample-generator reads.
"""

import itertools

from nova_lite.policies import aggregates
from nova_lite.policies import availability_zone
from nova_lite.policies import base
from nova_lite.policies import flavor_access
from nova_lite.policies import flavor_extra_specs
from nova_lite.policies import flavor_manage
from nova_lite.policies import hypervisors
from nova_lite.policies import keypairs
from nova_lite.policies import limits
from nova_lite.policies import servers
from nova_lite.policies import services


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        aggregates.list_rules(),
        availability_zone.list_rules(),
        flavor_access.list_rules(),
        flavor_extra_specs.list_rules(),
        flavor_manage.list_rules(),
        hypervisors.list_rules(),
        keypairs.list_rules(),
        limits.list_rules(),
        servers.list_rules(),
        services.list_rules(),
    ))
