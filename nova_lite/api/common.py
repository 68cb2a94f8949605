"""Helpers the controllers and views share: bodies, links and paging.

Paging (as Nova): ``?limit=N&marker=<id of the last item seen>``. ``limit``
is capped at ``[api] max_limit``; when a page is full, the collection's
``<collection>_links`` carries a ``next`` link with the same query and the
last item's id as the marker.
"""

import urllib.parse

from oslo_serialization import jsonutils
import webob

import nova_lite.conf
from nova_lite import exception

CONF = nova_lite.conf.CONF

BODY_KEY = 'nova_lite.api.body'
JSON_TYPES = ('application/json', 'application/vnd.openstack.compute+json')
_UNSET = object()


# --- request bodies ------------------------------------------------------

def parse_body(request):
    """Parse the JSON body of ``request`` once (``hooks.JsonBodyHook``).

    A request without a Content-Type (or with text/plain, which some
    clients send by default) is read as JSON, as Nova does.

    :raises: InvalidContentType (415), MalformedRequestBody (400)
    """
    if not request.body:
        request.environ[BODY_KEY] = None
        return None
    content_type = request.content_type
    if content_type and content_type != 'text/plain' and (
            content_type not in JSON_TYPES):
        raise exception.InvalidContentType(content_type=content_type)
    try:
        body = jsonutils.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise exception.MalformedRequestBody()
    request.environ[BODY_KEY] = body
    return body


def request_body(request):
    """The parsed JSON body (None if the request had none)."""
    body = request.environ.get(BODY_KEY, _UNSET)
    if body is _UNSET:
        body = parse_body(request)
    return body


def empty_response(status):
    """A response without a body (DELETE's 202/204, or an empty 200)."""
    return webob.Response(status=status, content_type=None, body=b'')


def version_not_found():
    """What a method unknown at the request's microversion raises (404)."""
    return exception.NotFound('The resource could not be found.')


# --- links ----------------------------------------------------------------

def compute_url(request, *parts):
    """``http://host[/prefix]/v2.1/<parts>``."""
    return '/'.join([request.application_url, 'v2.1'] +
                    [str(p) for p in parts])


def bookmark_url(request, *parts):
    """The unversioned link Nova gives as ``bookmark``."""
    return '/'.join([request.application_url] + [str(p) for p in parts])


def resource_links(request, collection, resource_id):
    """``[{'rel': 'self', ...}, {'rel': 'bookmark', ...}]``."""
    return [
        {'rel': 'self',
         'href': compute_url(request, collection, resource_id)},
        {'rel': 'bookmark',
         'href': bookmark_url(request, collection, resource_id)},
    ]


# --- paging ---------------------------------------------------------------

def _int_param(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise exception.Invalid('%s param must be an integer' % name)
    if number < 0:
        raise exception.Invalid('%s param must be positive' % name)
    return number


def limit_and_marker(request):
    """``(limit, marker)`` of a list request; limit never above max_limit.

    Without ``limit`` (or with 0) the page holds ``[api] max_limit``
    items, as in Nova.

    :raises: Invalid (400) for a limit that is not a non-negative integer
    """
    limit = _int_param(request, 'limit')
    max_limit = CONF.api.max_limit
    limit = min(limit or max_limit, max_limit)
    return limit, request.GET.get('marker')


def next_link(request, collection, marker):
    """The ``next`` link: this request's query (sorted, as Nova) with
    ``marker`` set to the last item of the page."""
    params = dict(sorted(request.GET.items()))
    params['marker'] = marker
    return {'rel': 'next',
            'href': '%s?%s' % (compute_url(request, collection),
                               urllib.parse.urlencode(params))}


def collection_links(request, items, collection, limit, id_key='id'):
    """``[next link]`` when the page is full, else ``[]``."""
    if items and limit and len(items) >= limit:
        return [next_link(request, collection, items[-1][id_key])]
    return []


# --- actions --------------------------------------------------------------

def action_name(body, known):
    """The action a ``POST .../action`` body asks for (its one key).

    :raises: MalformedRequestBody (400) unless the body is an object with
             one key; Invalid (400) "There is no such action: X" for a key
             not in ``known``.
    """
    if not isinstance(body, dict) or len(body) != 1:
        raise exception.MalformedRequestBody()
    name = next(iter(body))
    if name not in known:
        raise exception.Invalid('There is no such action: %s' % name)
    return name


def invalid_state_conflict(exc, action, server_id):
    """The 409 Nova answers when ``compute.api`` refused ``action``
    because of the server's state (an InstanceInvalidState ``exc``):
    "Cannot 'stop' instance <id> while it is in vm_state stopped"."""
    attr, state = exc.kwargs.get('attr'), exc.kwargs.get('state')
    if attr is not None and state is not None:
        return exception.Conflict(
            "Cannot '%s' instance %s while it is in %s %s"
            % (action, server_id, attr, state))
    return exception.Conflict(
        "Instance %s is in an invalid state for '%s'" % (server_id, action))
