"""Default policy rules, one module per resource, Nova's rule names.

``list_rules()`` is the ``oslo.policy.policies`` entry point (namespace
``nova_lite``) that oslopolicy-sample-generator reads.
"""

import itertools

from nova_lite.policies import admin_actions
from nova_lite.policies import aggregates
from nova_lite.policies import availability_zone
from nova_lite.policies import base
from nova_lite.policies import console_output
from nova_lite.policies import flavor_access
from nova_lite.policies import flavor_extra_specs
from nova_lite.policies import flavor_manage
from nova_lite.policies import hypervisors
from nova_lite.policies import instance_actions
from nova_lite.policies import keypairs
from nova_lite.policies import limits
from nova_lite.policies import lock_server
from nova_lite.policies import migrate_server
from nova_lite.policies import pause_server
from nova_lite.policies import quota_sets
from nova_lite.policies import server_groups
from nova_lite.policies import server_metadata
from nova_lite.policies import servers
from nova_lite.policies import services
from nova_lite.policies import suspend_server


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        admin_actions.list_rules(),
        aggregates.list_rules(),
        availability_zone.list_rules(),
        console_output.list_rules(),
        flavor_access.list_rules(),
        flavor_extra_specs.list_rules(),
        flavor_manage.list_rules(),
        hypervisors.list_rules(),
        instance_actions.list_rules(),
        keypairs.list_rules(),
        limits.list_rules(),
        lock_server.list_rules(),
        migrate_server.list_rules(),
        pause_server.list_rules(),
        quota_sets.list_rules(),
        server_groups.list_rules(),
        server_metadata.list_rules(),
        servers.list_rules(),
        services.list_rules(),
        suspend_server.list_rules(),
    ))
