"""The resize actions through the whole API stack (compute.api mocked):
routing, schemas at the lowest and highest microversion, policies, the
refusals Nova maps to 400 and the 202 / 204 answers."""

from unittest import mock

import pytest

from nova_lite.compute import api as compute_api
from nova_lite import exception
from tests.unit.api.conftest import ADMIN
from tests.unit.api.conftest import MEMBER
from tests.unit.api.conftest import OTHER
from tests.unit.api.test_server_actions import act
from tests.unit.api.test_server_actions import make_server
from tests.unit.api.test_server_actions import message
from tests.unit.api.test_server_actions import READER
from tests.unit.api.test_server_actions import UUID

METHODS = ('resize', 'confirm_resize', 'revert_resize')


@pytest.fixture
def compute(api):
    patchers = {name: mock.patch.object(compute_api.API, name)
                for name in METHODS}
    mocks = {name: patcher.start() for name, patcher in patchers.items()}
    yield mock.Mock(**mocks)
    for patcher in patchers.values():
        patcher.stop()


@pytest.fixture
def server(api, compute):
    return make_server()


@pytest.mark.parametrize('version', ['2.1', '2.73'])
@pytest.mark.parametrize('ref,flavor_id', [
    ('2', '2'), (3, '3'), ('http://h/v2.1/flavors/4', '4')])
def test_resize_passes_the_flavor_id(api, server, compute, version, ref,
                                     flavor_id):
    response = act(api, {'resize': {'flavorRef': ref}}, version=version)
    assert response.body == b''
    args = compute.resize.call_args.args
    assert args[1].uuid == UUID and args[2] == flavor_id


@pytest.mark.parametrize('body,status,method', [
    ({'confirmResize': None}, 204, 'confirm_resize'),
    ({'revertResize': None}, 202, 'revert_resize')])
def test_confirm_and_revert(api, server, compute, body, status, method):
    response = act(api, body, status=status)
    assert response.body == b''
    assert getattr(compute, method).call_args.args[1].uuid == UUID


@pytest.mark.parametrize('body', [
    {'resize': {}},
    {'resize': None},
    {'resize': {'flavorRef': ''}},
    {'resize': {'flavorRef': 1.5}},
    {'resize': {'flavorRef': '1', 'extra': 1}},
    {'resize': {'flavorRef': '1', 'OS-DCF:diskConfig': 'auto'}},
    {'resize': {'flavorRef': '1'}, 'confirmResize': None},
    {'confirmResize': None, 'x': 1}])
def test_bad_bodies_are_400(api, server, compute, body):
    act(api, body, status=400)
    assert not any(getattr(compute, m).called for m in METHODS)


@pytest.mark.parametrize('body', [{'resize': {'flavorRef': '2'}},
                                  {'confirmResize': None},
                                  {'revertResize': None}])
def test_policies(api, server, compute, body):
    name = next(iter(body))
    rule = {'resize': 'resize', 'confirmResize': 'confirm_resize',
            'revertResize': 'revert_resize'}[name]
    response = act(api, body, token=READER, status=403)
    assert message(response, 403) == (
        "Policy doesn't allow os_compute_api:servers:%s to be performed."
        % rule)
    act(api, body, token=OTHER, status=404)
    ok = 204 if name == 'confirmResize' else 202
    act(api, body, token=ADMIN, status=ok)
    act(api, body, token=MEMBER, status=ok)


@pytest.mark.parametrize('exc,status,text', [
    (exception.FlavorNotFound(flavor_id='9'), 400,
     'Flavor 9 could not be found.'),
    (exception.CannotResizeToSameFlavor(), 400,
     'When resizing, instances must change flavor!'),
    (exception.CannotResizeDisk(reason='Unable to resize disk down.'), 400,
     'Server disk was unable to be resized because: Unable to resize disk '
     'down.'),
    (exception.OverQuota(overs='cores', req='1', used='1', allowed='1'),
     403, 'Quota exceeded for cores'),
    (exception.InstanceIsLocked(instance_uuid=UUID), 409, 'is locked'),
    (exception.InstanceInvalidState(method='resize', instance_uuid=UUID,
                                    attr='vm_state', state='paused'), 409,
     "Cannot 'resize' instance %s while it is in vm_state paused" % UUID)])
def test_resize_refusals(api, server, compute, exc, status, text):
    compute.resize.side_effect = exc
    response = act(api, {'resize': {'flavorRef': '9'}}, status=status)
    assert text in message(response, status)


@pytest.mark.parametrize('body,method', [
    ({'confirmResize': None}, 'confirm_resize'),
    ({'revertResize': None}, 'revert_resize')])
def test_not_resized_is_400(api, server, compute, body, method):
    getattr(compute, method).side_effect = (
        exception.MigrationNotFoundByStatus(instance_id=UUID,
                                            status='finished'))
    response = act(api, body, status=400)
    assert message(response, 400) == 'Instance has not been resized.'
