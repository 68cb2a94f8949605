"""/os-availability-zone and /detail: zones from the services' zones."""

import pytest

from tests import api_schemas
from tests.unit.api import admin_fakes
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import headers

URL = '/v2.1/os-availability-zone'


@pytest.fixture
def services(api):
    admin_fakes.service('ctl', 'nova-lite-conductor')
    admin_fakes.service('c1')
    admin_fakes.service('c2', zone='az2')
    gone = admin_fakes.service('c3', zone='az3')
    gone.disable('broken')
    gone.save()


def test_list_hides_the_internal_zone(api, services):
    body = api.get(URL, headers=headers(MEMBER)).json
    api_schemas.validate('availability_zones.index', None, body)
    assert body == {'availabilityZoneInfo': [
        {'zoneName': 'nova', 'zoneState': {'available': True},
         'hosts': None},
        {'zoneName': 'az2', 'zoneState': {'available': True},
         'hosts': None},
        {'zoneName': 'az3', 'zoneState': {'available': False},
         'hosts': None}]}


def test_detail_is_for_admins_and_shows_hosts(api, services):
    body = api.get(URL + '/detail', headers=headers(MEMBER),
                   status=403).json
    assert 'os-availability-zone:detail' in body['forbidden']['message']
    body = api.get(URL + '/detail', headers=headers(ADMIN, '2.60')).json
    api_schemas.validate('availability_zones.detail', '2.60', body)
    zones = {z['zoneName']: z for z in body['availabilityZoneInfo']}
    assert list(zones) == ['internal', 'nova', 'az2', 'az3']
    conductor = zones['internal']['hosts']['ctl']['nova-lite-conductor']
    assert (conductor['available'], conductor['active']) == (True, True)
    assert list(zones['nova']['hosts']) == ['c1']
    assert zones['az3'] == {'zoneName': 'az3',
                            'zoneState': {'available': False},
                            'hosts': None}
