"""/limits: [quota] limits with the project's counted usage, per
microversion; another project's only for administrators."""

import pytest

from tests import api_schemas
from tests.unit.api import admin_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers

URL = '/v2.1/limits'


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.39', '2.57', '2.60'])
def test_shape_per_version(api, version):
    body = api.get(URL, headers=headers(MEMBER, version)).json
    api_schemas.validate('limits.show', version, body)
    assert body['limits']['rate'] == []


def test_counts_the_projects_instances(api, policy_conf):
    policy_conf.config(group='quota', instances=7, cores=9)
    admin_fakes.instance('c1', 'n1', vcpus=2, memory_mb=1024)
    admin_fakes.instance('c1', 'n1', vcpus=1, memory_mb=512)
    admin_fakes.instance('c1', 'n1', project_id='p2')
    absolute = api.get(URL, headers=headers(MEMBER, '2.60')).json[
        'limits']['absolute']
    assert absolute == {
        'maxServerMeta': 128, 'maxTotalCores': 9, 'maxTotalInstances': 7,
        'maxTotalKeypairs': 100, 'maxTotalRAMSize': 51200,
        'maxServerGroups': 10, 'maxServerGroupMembers': 10,
        'totalCoresUsed': 3, 'totalInstancesUsed': 2,
        'totalRAMUsed': 1536, 'totalServerGroupsUsed': 0}


def test_tenant_id_is_for_admins(api):
    admin_fakes.instance('c1', 'n1', project_id='p2')
    body = api.get(URL + '?tenant_id=p2', headers=headers(MEMBER),
                   status=403).json
    assert body['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:limits:other_project to be "
        "performed.")
    absolute = api.get(URL + '?tenant_id=p2', headers=headers(ADMIN)).json[
        'limits']['absolute']
    assert absolute['totalInstancesUsed'] == 1
