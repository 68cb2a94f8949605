"""Microversion negotiation and its headers."""

import inspect

import pytest

from nova_lite.api import microversion
from nova_lite import exception
from tests.unit.api.conftest import headers

V = microversion.APIVersion.parse


def test_versions_are_listed_once_in_order():
    parsed = [V(v) for v in microversion.VERSIONS]
    assert parsed == sorted(parsed) and len(set(parsed)) == len(parsed)
    assert (str(microversion.MIN_VERSION),
            str(microversion.MAX_VERSION)) == ('2.1', '2.73')


def test_comparisons():
    assert V('2.10') > V('2.9') and V('2.10') >= '2.10'
    assert V('2.47').matches('2.47', None)
    assert V('2.47').matches(None, '2.47')
    assert not V('2.47').matches('2.48')
    assert str(V('2.50')) == '2.50' and V('2.5') == '2.5'


@pytest.mark.parametrize('given,expected', [
    ({}, '2.1'),
    ({'OpenStack-API-Version': 'compute 2.47'}, '2.47'),
    ({'OpenStack-API-Version': 'placement 1.2, compute  2.3'}, '2.3'),
    ({'OpenStack-API-Version': 'placement 1.2'}, '2.1'),
    ({'X-OpenStack-Nova-API-Version': '2.19'}, '2.19'),
    ({'OpenStack-API-Version': 'compute 2.50',
      'X-OpenStack-Nova-API-Version': '2.19'}, '2.50'),
    ({'OpenStack-API-Version': 'compute latest'}, '2.73'),
    ({'X-OpenStack-Nova-API-Version': 'LATEST'}, '2.73'),
])
def test_negotiate(given, expected):
    assert str(microversion.negotiate(given)) == expected


@pytest.mark.parametrize('value', ['2', '2.x', '02.1', '2.05', '2.1.1',
                                   'compute', ''])
def test_malformed(value):
    with pytest.raises(exception.InvalidAPIVersionString):
        microversion.negotiate({'X-OpenStack-Nova-API-Version': value})


@pytest.mark.parametrize('value', ['2.0', '2.74', '3.0', '1.1'])
def test_out_of_range(value):
    with pytest.raises(exception.InvalidGlobalAPIVersion):
        microversion.negotiate({'X-OpenStack-Nova-API-Version': value})


def test_headers_are_echoed(api):
    response = api.get('/v2.1/flavors', headers=headers(version='2.55'))
    assert response.headers['OpenStack-API-Version'] == 'compute 2.55'
    assert response.headers['X-OpenStack-Nova-API-Version'] == '2.55'
    assert response.headers['Vary'] == (
        'OpenStack-API-Version, X-OpenStack-Nova-API-Version')
    default = api.get('/v2.1/flavors', headers=headers())
    assert default.headers['OpenStack-API-Version'] == 'compute 2.1'
    latest = api.get('/v2.1/flavors',
                     headers=headers(version='latest'))
    assert latest.headers['X-OpenStack-Nova-API-Version'] == '2.73'
    # Errors too.
    missing = api.get('/v2.1/flavors/nope', headers=headers(version='2.9'),
                      status=404)
    assert missing.headers['OpenStack-API-Version'] == 'compute 2.9'


def test_bad_versions_over_http(api):
    body = api.get('/v2.1/flavors', headers=headers(version='2.x'),
                   status=400).json
    assert body == {'badRequest': {
        'code': 400, 'message': 'API Version String 2.x is of invalid '
                                'format.'}}
    body = api.get('/v2.1/flavors', headers=headers(version='2.74'),
                   status=406).json
    assert body == {'notAcceptable': {
        'code': 406, 'message': 'Version 2.74 is not supported by the API. '
                                'Minimum is 2.1 and maximum is 2.73.'}}


class _Request:
    def __init__(self, version):
        self.api_version = V(version)


@pytest.mark.parametrize('version,network,bdm', [
    ('2.31', False, False), ('2.32', True, True), ('2.33', True, False),
    ('2.36', True, False), ('2.37', False, False), ('2.42', True, True)])
def test_device_tag_predicates(version, network, bdm):
    request = _Request(version)
    assert microversion.supports_network_device_tags(request) is network
    assert microversion.supports_bdm_device_tags(request) is bdm


# (predicate, first version) of the features 2.61-2.73 bring.
_FEATURES = [
    (microversion.supports_flavor_extra_specs, '2.61'),
    (microversion.supports_instance_action_event_host, '2.62'),
    (microversion.supports_trusted_certs, '2.63'),
    (microversion.supports_server_group_policy_rules, '2.64'),
    (microversion.supports_changes_before, '2.66'),
    (microversion.supports_server_groups_in_server_show, '2.71'),
    (microversion.supports_locked_reason, '2.73'),
    (microversion.supports_locked_filter, '2.73'),
]


@pytest.mark.parametrize('predicate,since', _FEATURES)
def test_feature_predicates(predicate, since):
    before = V(since)
    before = '%d.%d' % (before.major, before.minor - 1)
    assert predicate(_Request('2.1')) is False
    assert predicate(_Request(before)) is False
    assert predicate(_Request(since)) is True
    assert predicate(_Request(str(microversion.MAX_VERSION))) is True


def test_every_version_has_its_comment():
    """Each entry of VERSIONS says what it changes (or "no effect")."""
    source = inspect.getsource(microversion)
    for version in microversion.VERSIONS:
        line = next(line for line in source.splitlines()
                    if line.strip().startswith("'%s'," % version))
        assert '#' in line, version
