"""Paging, links and action helpers."""

import pytest
import webob

from nova_lite.api import common
from nova_lite import exception


@pytest.mark.parametrize('query,expected', [
    ('', (1000, None)),
    ('limit=0', (1000, None)),
    ('limit=5&marker=m', (5, 'm')),
    ('limit=5000', (1000, None)),
])
def test_limit_and_marker(conf, query, expected):
    request = webob.Request.blank('/v2.1/servers?' + query)
    assert common.limit_and_marker(request) == expected


@pytest.mark.parametrize('query', ['limit=x', 'limit=-1'])
def test_bad_limits(conf, query):
    with pytest.raises(exception.Invalid):
        common.limit_and_marker(webob.Request.blank('/v2.1/s?' + query))


def test_collection_links_only_for_full_pages(conf):
    request = webob.Request.blank('/v2.1/servers/detail?name=a&limit=2')
    items = [{'id': 'x'}, {'id': 'y'}]
    assert common.collection_links(request, items, 'servers/detail', 2) == [
        {'rel': 'next', 'href': 'http://localhost/v2.1/servers/detail'
                                '?limit=2&name=a&marker=y'}]
    assert common.collection_links(request, items[:1], 'servers', 2) == []


def test_resource_links():
    request = webob.Request.blank('/v2.1/servers')
    assert common.resource_links(request, 'servers', 'u') == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/servers/u'},
        {'rel': 'bookmark', 'href': 'http://localhost/servers/u'}]


def test_action_name():
    assert common.action_name({'reboot': {}}, ['reboot']) == 'reboot'
    with pytest.raises(exception.MalformedRequestBody):
        common.action_name({'a': 1, 'b': 2}, ['a'])
    with pytest.raises(exception.Invalid) as raised:
        common.action_name({'c': 1}, ['a'])
    assert raised.value.format_message() == 'There is no such action: c'
