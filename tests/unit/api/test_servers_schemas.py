"""api/schemas/servers.py: what each microversion's POST body accepts."""

import pytest

from nova_lite.api.schemas import servers as schemas
from nova_lite.api import validation
from nova_lite import exception

IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
NET = '0e4e5cf2-3a0c-4b5f-9d0a-1b2c3d4e5f60'


def body(**server):
    values = {'name': 'web', 'imageRef': IMAGE, 'flavorRef': '1'}
    values.update(server)
    return {'server': values}


def ok(schema, value):
    validation.validate(schema, value)


def refused(schema, value):
    with pytest.raises(exception.ValidationError) as err:
        validation.validate(schema, value)
    return err.value.format_message()


def test_minimal_body():
    ok(schemas.create_v21, body())
    ok(schemas.create_v21, body(flavorRef=1, imageRef=''))


@pytest.mark.parametrize('server,message', [
    ({'name': 'x' * 256}, "Invalid input for field/attribute name. Value: "
                          + 'x' * 256 + ". '" + 'x' * 256 + "' is too long"),
    ({'name': ''}, 'Invalid input for field/attribute name.'),
    ({'imageRef': 'abc'}, 'Invalid input for field/attribute imageRef.'),
    ({'min_count': 0}, 'Invalid input for field/attribute min_count.'),
    ({'max_count': 'two'}, 'Invalid input for field/attribute max_count.'),
    ({'return_reservation_id': 'maybe'},
     'Invalid input for field/attribute return_reservation_id.'),
    ({'accessIPv4': '300.1.1.1'},
     'Invalid input for field/attribute accessIPv4.'),
    ({'availability_zone': ''},
     'Invalid input for field/attribute availability_zone.'),
    ({'user_data': 'eA=='}, "Additional properties are not allowed "
                            "('user_data' was unexpected)"),
    ({'block_device_mapping_v2': [{'source_type': 'tape'}]},
     'Invalid input for field/attribute source_type.'),
])
def test_refused_at_2_1(server, message):
    assert message in refused(schemas.create_v21, body(**server))


def test_missing_name_and_flavor():
    assert "'name' is a required property" in refused(
        schemas.create_v21, {'server': {'flavorRef': '1'}})
    assert "'flavorRef' is a required property" in refused(
        schemas.create_v21, {'server': {'name': 'x'}})
    assert "'server' is a required property" in refused(
        schemas.create_v21, {})


def test_description_from_2_19():
    refused(schemas.create_v21, body(description='d'))
    ok(schemas.create_v219, body(description='d'))
    ok(schemas.create_v219, body(description=None))
    refused(schemas.create_v219, body(description='x' * 256))


def test_device_tags():
    tagged_net = body(networks=[{'uuid': NET, 'tag': 'eth0'}])
    tagged_bdm = body(block_device_mapping_v2=[{
        'source_type': 'image', 'uuid': IMAGE, 'boot_index': 0,
        'tag': 'root'}])
    refused(schemas.create_v219, tagged_net)
    ok(schemas.create_v232, tagged_net)
    ok(schemas.create_v232, tagged_bdm)
    ok(schemas.create_v233, tagged_net)
    refused(schemas.create_v233, tagged_bdm)
    refused(schemas.create_v237, tagged_net)
    ok(schemas.create_v242, tagged_net)
    tagged_bdm['server']['networks'] = 'auto'
    refused(schemas.create_v237, tagged_bdm)
    ok(schemas.create_v242, tagged_bdm)


def test_networks_at_2_37():
    assert "'networks' is a required property" in refused(
        schemas.create_v237, body())
    ok(schemas.create_v237, body(networks='auto'))
    ok(schemas.create_v237, body(networks='none'))
    ok(schemas.create_v237, body(networks=[{'uuid': NET}]))
    refused(schemas.create_v237, body(networks='some'))
    refused(schemas.create_v237, body(networks=[{'uuid': 'net-1'}]))
    # Before 2.37 a uuid is any string (the controller checks it).
    ok(schemas.create_v21, body(networks=[{'uuid': 'net-1'}]))


def test_tags_from_2_52():
    refused(schemas.create_v242, body(networks='auto', tags=['a']))
    ok(schemas.create_v252, body(networks='auto', tags=['a']))
    refused(schemas.create_v252, body(networks='auto', tags=['a/b']))


def test_scheduler_hints():
    value = body()
    value['os:scheduler_hints'] = {'same_host': NET, 'build_near': 'x'}
    ok(schemas.create_v21, value)
    value['os:scheduler_hints'] = {'same_host': 'not-a-uuid'}
    refused(schemas.create_v21, value)


def test_list_query():
    ok(schemas.query_params_v21, {'sort_key': ['display_name', 'id'],
                                  'sort_dir': ['asc'], 'limit': ['5'],
                                  'anything': ['else']})
    refused(schemas.query_params_v21, {'sort_key': ['nope']})
    refused(schemas.query_params_v21, {'limit': ['-1']})
    refused(schemas.query_params_v21, {'sort_dir': ['up']})
