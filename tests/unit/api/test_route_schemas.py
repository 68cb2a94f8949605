"""Every route and every action declares its request and response schemas.

The routes are found by walking the pecan tree (``tests/api_routes.py``),
so a route added anywhere falls under these checks without being listed:

* every route has a query schema and a response schema; POST, PUT and
  PATCH routes a body schema too;
* at every microversion a route takes requests at (its query schema's or,
  for writes, its body schema's versions), a response schema is declared;
  a write route has a query schema wherever it has a body schema;
* every action (``POST /servers/{id}/action``, ``/flavors/{id}/action``)
  has body and response schemas, a response at each version of its body;
* every schema is well formed (draft 4 requests, 2020-12 responses).
"""

import jsonschema

from nova_lite.api import microversion
from nova_lite.api import validation
from tests import api_routes

WRITE_METHODS = ('POST', 'PUT', 'PATCH')
VERSIONS = [microversion.APIVersion.parse(v) for v in microversion.VERSIONS]


def _covered(entries, version):
    return any(version.matches(low, high) for _s, low, high in entries)


def _versions(entries):
    return {str(v) for v in VERSIONS if _covered(entries, v)}


def _problems_of(key, body, query, response, write):
    problems = []
    if write and not body:
        problems.append('%s: no request body schema' % key)
    if query is not None and not query:
        problems.append('%s: no query schema' % key)
    if not response:
        problems.append('%s: no response schema' % key)
    if problems:
        return problems
    accepted = _versions(body) if write else _versions(query)
    missing = sorted(accepted - _versions(response),
                     key=microversion.APIVersion.parse)
    if missing:
        problems.append('%s: no response schema at %s'
                        % (key, ', '.join(missing)))
    if write and query is not None:
        missing = sorted(_versions(body) - _versions(query),
                         key=microversion.APIVersion.parse)
        if missing:
            problems.append('%s: no query schema at %s'
                            % (key, ', '.join(missing)))
    return problems


def route_problems():
    problems = []
    for route in api_routes.routes():
        declared = validation.schemas_of(route.func)
        problems += _problems_of(
            api_routes.route_key(route), declared.get('body', []),
            declared.get('query', []), declared.get('response', []),
            route.method in WRITE_METHODS)
    return problems


def action_problems():
    problems = []
    for action in api_routes.actions():
        problems += _problems_of(api_routes.action_key(action),
                                 action.body, None, action.response,
                                 write=True)
    return problems


def test_the_walker_finds_the_routes():
    keys = {api_routes.route_key(r) for r in api_routes.routes()}
    for key in ('GET /', 'GET /v2.1', 'POST /v2.1/servers',
                'GET /v2.1/servers/detail',
                'DELETE /v2.1/flavors/{flavor_id}/os-extra_specs/{key}',
                'GET /v2.1/os-hypervisors/{hypervisor_id}/uptime',
                'POST /identity/v3/auth/tokens',
                'GET /image/v2/images/{image_id}'):
        assert key in keys
    names = {a.name for a in api_routes.actions()}
    assert {'addTenantAccess', 'removeTenantAccess'} <= names
    assert api_routes.unrouted_methods() == []


def test_every_route_declares_its_schemas():
    problems = route_problems()
    assert not problems, '\n'.join(problems)


def test_every_action_declares_its_schemas():
    problems = action_problems()
    assert not problems, '\n'.join(problems)


def _all_schemas():
    for route in api_routes.routes():
        declared = validation.schemas_of(route.func)
        key = api_routes.route_key(route)
        for kind, entries in declared.items():
            for schema, _low, _high in entries:
                yield key, kind, schema
    for action in api_routes.actions():
        key = api_routes.action_key(action)
        for schema, _low, _high in action.body:
            yield key, 'body', schema
        for schema, _low, _high in action.response:
            yield key, 'response', schema


def test_every_schema_is_well_formed():
    checked = 0
    for key, kind, schema in _all_schemas():
        if schema is None:
            assert kind == 'response', key
            continue
        cls = (jsonschema.Draft202012Validator if kind == 'response'
               else jsonschema.Draft4Validator)
        try:
            cls.check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise AssertionError('%s (%s): %s' % (key, kind, exc.message))
        checked += 1
    assert checked > 100


def test_the_checks_catch_a_route_without_schemas():
    # The checks themselves: a bare write route is named three times.
    problems = _problems_of('POST /x', [], [], [], write=True)
    assert problems == ['POST /x: no request body schema',
                        'POST /x: no query schema',
                        'POST /x: no response schema']
    gap = _problems_of('GET /y', [], [({}, '2.1', None)],
                       [({}, '2.1', '2.2')], write=False)
    assert gap and gap[0].startswith('GET /y: no response schema at 2.3')
