"""Instance listing: filters, sorting, paging, faults, query counts."""

import datetime

import pytest
from oslo_utils import uuidutils

from nova_lite.db import instance_api
from nova_lite import exception
from tests.unit.db import db_fixture


def _instance(**values):
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('project_id', 'p1')
    values.setdefault('vm_state', 'active')
    return instance_api.instance_create(values)


def _fault(instance_uuid, message, code=500):
    return instance_api.instance_fault_create(
        {'instance_uuid': instance_uuid, 'code': code, 'message': message})


def _uuids(rows):
    return [row['uuid'] for row in rows]


def test_exact_filters(db):
    a = _instance(host='h1', node='n1', vm_state='active')
    b = _instance(host='h1', node='n2', vm_state='error', task_state='x')
    c = _instance(host='h2', project_id='p2', user_id='u2')
    get = instance_api.instance_get_all_by_filters
    assert set(_uuids(get({'host': 'h1'}))) == {a['uuid'], b['uuid']}
    assert _uuids(get({'host': 'h1', 'node': 'n2'})) == [b['uuid']]
    assert set(_uuids(get({'vm_state': ['active', 'error']}))) == {
        a['uuid'], b['uuid'], c['uuid']}
    assert set(_uuids(get({'task_state': None}))) == {a['uuid'], c['uuid']}
    assert _uuids(get({'uuid': [c['uuid'], 'nope']})) == [c['uuid']]
    assert _uuids(get({'project_id': 'p2', 'user_id': 'u2'})) == [c['uuid']]
    with pytest.raises(exception.InvalidInput):
        get({'no_such_filter': 1})


def test_name_is_a_case_insensitive_regex(db):
    web = _instance(display_name='Web-01')
    _instance(display_name='db-01')
    get = instance_api.instance_get_all_by_filters
    assert _uuids(get({'name': 'web'})) == [web['uuid']]
    assert _uuids(get({'name': '^WEB-0[0-9]$'})) == [web['uuid']]
    with pytest.raises(exception.InvalidInput):
        get({'name': '(unclosed'})


def test_deleted_filter_and_read_deleted(db):
    live = _instance()
    gone = _instance()
    instance_api.instance_destroy(gone['uuid'])
    get = instance_api.instance_get_all_by_filters
    assert _uuids(get()) == [live['uuid']]
    assert _uuids(get({'deleted': True})) == [gone['uuid']]
    assert _uuids(get(read_deleted='only')) == [gone['uuid']]
    assert len(get(read_deleted='yes')) == 2
    assert _uuids(get({'deleted': False}, read_deleted='yes')) == [
        live['uuid']]


def test_changes_filters_are_updated_at_bounds(db):
    """changes-since (>=) and changes-before (<=) over updated_at; without
    ``deleted`` they include deleted rows (the API's polling semantics)."""
    t0 = datetime.datetime(2024, 5, 1, 12, 0)
    rows = [_instance() for _ in range(3)]
    for minutes, row in zip((0, 10, 20), rows):
        instance_api.instance_update(row['uuid'], {
            'updated_at': t0 + datetime.timedelta(minutes=minutes)})
    # Never updated: no updated_at, matches no bound.
    _instance()
    gone = rows[2]['uuid']
    instance_api.instance_destroy(gone)
    get = instance_api.instance_get_all_by_filters
    since = {'changes-since': t0 + datetime.timedelta(minutes=10)}
    assert set(_uuids(get(since))) == {rows[1]['uuid'], gone}
    assert _uuids(get(dict(since, deleted=False))) == [rows[1]['uuid']]
    assert _uuids(get(dict(since, deleted=True))) == [gone]
    assert set(_uuids(get({'changes-before': '2024-05-01T12:10:00Z'}))) == {
        rows[0]['uuid'], rows[1]['uuid']}
    assert _uuids(get({'changes-since': '2024-05-01T14:05:00+02:00',
                       'changes-before': t0 + datetime.timedelta(
                           minutes=15)})) == [rows[1]['uuid']]
    with pytest.raises(exception.InvalidInput):
        get({'changes-since': 'yesterday'})


def test_locked_filter_and_sort_key(db):
    locked = _instance(locked=True, locked_by='owner')
    free = _instance(locked=False)
    get = instance_api.instance_get_all_by_filters
    assert _uuids(get({'locked': True})) == [locked['uuid']]
    assert _uuids(get({'locked': False})) == [free['uuid']]
    assert _uuids(get(sort_key='locked', sort_dir='asc')) == [
        free['uuid'], locked['uuid']]


def test_sort_and_page_with_marker(db):
    made = [_instance(display_name='vm-%d' % (i % 3)) for i in range(7)]
    get = instance_api.instance_get_all_by_filters
    everything = _uuids(get(sort_key='display_name', sort_dir='asc'))
    assert sorted(everything) == sorted(_uuids(made))
    pages, marker = [], None
    while True:
        page = _uuids(get(sort_key='display_name', sort_dir='asc', limit=3,
                          marker=marker))
        if not page:
            break
        pages.extend(page)
        marker = page[-1]
    # Ties on display_name are broken by id: no row twice, none missed.
    assert pages == everything
    newest_first = _uuids(get())
    assert newest_first == list(reversed(_uuids(made)))


def test_bad_marker_and_sort(db):
    get = instance_api.instance_get_all_by_filters
    with pytest.raises(exception.MarkerNotFound) as err:
        get(marker=uuidutils.generate_uuid())
    assert err.value.code == 400
    with pytest.raises(exception.InvalidSortKey):
        get(sort_key='key_data')
    with pytest.raises(exception.InvalidInput):
        get(sort_dir='sideways')


def test_latest_fault_comes_with_the_instances(db):
    a = _instance()
    b = _instance()
    _fault(a['uuid'], 'first')
    _fault(a['uuid'], 'second')
    rows = instance_api.instance_get_all_by_filters(with_fault=True)
    faults = {row['uuid']: row['fault'] for row in rows}
    assert faults[a['uuid']].message == 'second'
    assert faults[b['uuid']] is None
    assert 'fault' not in instance_api.instance_get_all_by_filters()[0]
    single = instance_api.instance_get_by_uuid(a['uuid'], with_fault=True)
    assert single['fault'].message == 'second'


def _select_count(n):
    project = uuidutils.generate_uuid()
    for i in range(n):
        inst = _instance(project_id=project,
                         metadata={'k%d' % i: 'v', 'other': 'x'})
        _fault(inst['uuid'], 'boom')
    with db_fixture.count_selects() as selects:
        rows = instance_api.instance_get_all_by_filters(
            {'project_id': project}, with_fault=True)
    assert len(rows) == n
    assert all(row['fault'] is not None and len(row['metadata']) == 2
               for row in rows)
    return len(selects)


def test_listing_costs_constant_queries(db):
    few = _select_count(1)
    many = _select_count(20)
    assert few == many == 3


def test_faults_by_instance(db):
    a = _instance()
    b = _instance()
    for message in ('a1', 'a2'):
        _fault(a['uuid'], message)
    _fault(b['uuid'], 'b1')
    get = instance_api.instance_fault_get_by_instance_uuids
    assert [f.message for f in get([a['uuid']])] == ['a2', 'a1']
    assert sorted(f.message for f in get([a['uuid'], b['uuid']],
                                         latest=True)) == ['a2', 'b1']
    assert get([]) == []
    with pytest.raises(exception.InstanceNotFound):
        _fault(uuidutils.generate_uuid(), 'orphan')
