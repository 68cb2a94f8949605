"""Boot, see ACTIVE, delete, see 404: under every concurrency backend.

The rest of the REST API suite runs under one backend only; this is the
path every backend must serve.
"""

import openstack.exceptions
import pytest

from tests.functional import cloud as cloud_mod
from tests.functional import fixtures


def test_boot_active_delete(cloud):
    conn = cloud.demo
    server = cloud.boot_active(conn, name='smoke', networks='auto')
    assert server.status == 'ACTIVE', server
    assert cloud.host_of(server.id) in fixtures.COMPUTE_RESOURCES
    assert cloud.allocation_count(server.id) > 0
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, interval=cloud_mod.POLL,
                                 wait=cloud_mod.BOOT_DEADLINE)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_server(server.id)
    assert cloud.allocation_count(server.id) == 0
