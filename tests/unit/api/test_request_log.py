"""The access line of each request, with that request's id and identity."""

import logging

from tests.unit.api.conftest import headers


def _lines(caplog):
    return [r for r in caplog.records
            if r.name == 'nova_lite.api.middleware.request_log']


def test_one_line_per_request_with_its_context(api, caplog):
    caplog.set_level(logging.DEBUG, logger='nova_lite')
    response = api.get('/v2.1/flavors?limit=1',
                       headers=headers('alice:p1'))
    [record] = _lines(caplog)
    assert record.levelno == logging.INFO
    assert '"GET /v2.1/flavors?limit=1" status: 200' in record.getMessage()
    assert record.context.request_id == \
        response.headers['x-openstack-request-id']
    assert (record.context.user_id, record.context.project_id) == (
        'alice', 'p1')


def test_a_refused_request_logs_its_own_id(api, caplog):
    caplog.set_level(logging.INFO, logger='nova_lite')
    api.get('/v2.1/flavors', headers=headers('alice:p1'))
    refused = api.get('/v2.1/flavors', headers=headers(None), status=401)
    record = _lines(caplog)[-1]
    assert 'status: 401' in record.getMessage()
    assert record.context.request_id == \
        refused.headers['x-openstack-request-id']
    assert record.context.user_id is None


def test_healthcheck_is_logged_at_debug(api, caplog):
    caplog.set_level(logging.DEBUG, logger='nova_lite')
    api.get('/healthcheck', headers=headers(None))
    [record] = _lines(caplog)
    assert record.levelno == logging.DEBUG
