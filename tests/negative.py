"""Invalid request bodies generated from a route's JSON schema.

``cases(schema, is_valid)`` builds a plausible body from ``schema`` (its
required keys with values of their type) and returns ``Case``s, each a
change of that body that ``schema`` refuses:

* ``type:<path>``       a value of a wrong type for each property;
* ``missing:<path>``    each required key left out;
* ``extra:<path>``      an unknown key where additionalProperties is false;
* ``empty:<path>`` / ``long:<path>``  strings of 0 and 256 characters
  (or maxLength + 1) where minLength / maxLength apply;
* ``control:<path>`` / ``astral:<path>``  a control character and a 4-byte
  (non-BMP) character in strings whose format or pattern refuses them;
* ``huge:<path>`` / ``negative:<path>``  2**64 and -1 for numbers with a
  maximum / a minimum of 0 or more;
* ``deep``              200 levels of nesting.

``is_valid(body)`` is the API's own check of the schema (format checkers
included): a candidate it accepts is not a negative case and is dropped,
so every case is one the API must answer with a 400.

The same cases drive the unit test over the in-process API
(``tests/unit/api/test_negative.py``) and the functional one over the real
processes (``tests/functional/test_negative.py``), which gets them from
``python -m tests.negative`` (JSON on stdout) so that its own process never
imports nova_lite.
"""

import collections
import copy
import json
import sys

Case = collections.namedtuple('Case', ['name', 'body'])

# {"<route or action key> @<version>": number of cases} sent by the tests
# of this run; printed at the end (tests/unit/api/conftest.py).
COUNTS = {}

DEPTH = 200
EXTRA_KEY = 'k' * 256  # no property's name, and too long for any pattern
CONTROL = 'bad\x01name'
ASTRAL = 'bad\U0001F600name'
# Candidate values of each JSON type, for "a wrong type".
WRONG_VALUES = (('object', {'x': 1}), ('array', [1]), ('boolean', True),
                ('number', 1.5), ('string', 'x'), ('null', None),
                ('integer', 7))
# Sample strings for patterns, the first one a pattern accepts is used.
_PATTERN_SAMPLES = ('1', 'a', 'abc', 'neg-test', 'AUTO', 'r-1', '0')
_UUID = '6e1f4f58-1f2b-4c3a-9d3e-0a1b2c3d4e5f'
_MAX_WALK_DEPTH = 4


# --- a plausible body ------------------------------------------------------

def _types(schema):
    kind = schema.get('type')
    if kind is None:
        return []
    return [kind] if isinstance(kind, str) else list(kind)


def _string_sample(schema):
    if schema.get('format') == 'uuid':
        return _UUID
    if schema.get('format') in ('ipv4',):
        return '192.0.2.1'
    if schema.get('format') in ('ipv6',):
        return '2001:db8::1'
    if 'pattern' in schema:
        import re
        for sample in _PATTERN_SAMPLES:
            if re.search(schema['pattern'], sample):
                return sample
    return 'neg-test'


def sample(schema, depth=0):
    """A value of ``schema``'s shape (valid when that is easy to guess)."""
    if not isinstance(schema, dict) or depth > 20:
        return None
    if 'enum' in schema:
        return schema['enum'][0]
    for key in ('oneOf', 'anyOf'):
        if key in schema:
            return sample(schema[key][0], depth + 1)
    types = _types(schema)
    if not types:
        return None
    kind = types[0]
    if kind == 'object':
        properties = schema.get('properties', {})
        return {name: sample(properties.get(name, {}), depth + 1)
                for name in schema.get('required', [])}
    if kind == 'array':
        return [sample(schema['items'], depth + 1)] if schema.get(
            'minItems') and isinstance(schema.get('items'), dict) else []
    if kind == 'string':
        return _string_sample(schema)
    if kind in ('integer', 'number'):
        return max(schema.get('minimum', 1), 1)
    if kind == 'boolean':
        return True
    return None


# --- walking the schema ----------------------------------------------------

def _object_schemas(schema, path=(), depth=0):
    """(path, object schema) of the body and of each nested object."""
    if not isinstance(schema, dict) or depth > _MAX_WALK_DEPTH:
        return
    if 'object' in _types(schema) or 'properties' in schema:
        yield path, schema
        for name, sub in sorted(schema.get('properties', {}).items()):
            yield from _object_schemas(sub, path + (name,), depth + 1)


def _set(body, path, value):
    """A copy of ``body`` with ``value`` at ``path`` (parents created)."""
    body = copy.deepcopy(body)
    if not path:
        return value
    target = body
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[path[-1]] = value
    return body


def _remove(body, path):
    body = copy.deepcopy(body)
    target = body
    for key in path[:-1]:
        target = target.get(key) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return None
    if not isinstance(target, dict) or path[-1] not in target:
        return None
    del target[path[-1]]
    return body


def _label(path):
    return '/'.join(path) or '(body)'


def _property_values(schema):
    """(name, value) candidates that may break one property."""
    for kind, value in WRONG_VALUES:
        yield 'type', value
    if 'minLength' in schema and schema['minLength'] >= 1:
        yield 'empty', ''
    if 'maxLength' in schema:
        yield 'long', 'a' * max(256, schema['maxLength'] + 1)
    if 'string' in _types(schema) or 'format' in schema or (
            'pattern' in schema):
        yield 'control', CONTROL
        yield 'astral', ASTRAL
    if 'maximum' in schema or 'integer' in _types(schema):
        yield 'huge', 2 ** 64
    if schema.get('minimum', -1) >= 0:
        yield 'negative', -1


def _deep(levels=DEPTH):
    value = 'bottom'
    for _ in range(levels):
        value = {'nested': value}
    return value


def cases(schema, is_valid):
    """The Cases of ``schema``: each a body ``is_valid`` refuses."""
    base = sample(schema)
    found = collections.OrderedDict()

    def offer(name, body):
        if body is None or name in found:
            return
        if not is_valid(body):
            found[name] = Case(name, body)

    for path, obj in _object_schemas(schema):
        for required in obj.get('required', []):
            offer('missing:%s' % _label(path + (required,)),
                  _remove(base, path + (required,)))
        if obj.get('additionalProperties') is False:
            offer('extra:%s' % _label(path),
                  _set(base, path + (EXTRA_KEY,), 'x'))
        for name, sub in sorted(obj.get('properties', {}).items()):
            where = path + (name,)
            for kind, value in _property_values(sub):
                label = '%s:%s' % (kind, _label(where))
                if label not in found:
                    offer(label, _set(base, where, value))
    _offer_deep(schema, base, offer)
    return list(found.values())


def _offer_deep(schema, base, offer):
    """200 levels of nesting: as the first required key's value, else
    under an unknown key, else as the body itself."""
    deep = _deep()
    required = schema.get('required') or []
    if required:
        offer('deep', _set(base, (required[0],), deep))
    offer('deep', _set(base, (EXTRA_KEY,), deep) if isinstance(
        base, dict) else None)
    offer('deep', [deep])


# --- the write operations of the API, for both suites -------------------------

def _bounds(entries, max_version):
    """The lowest and the highest microversion ``entries`` cover."""
    def key(version):
        return tuple(int(p) for p in version.split('.'))
    lows = [low or '2.1' for _s, low, _h in entries]
    highs = [high or max_version for _s, _l, high in entries]
    return sorted({min(lows, key=key), max(highs, key=key)}, key=key)


def _entry_at(entries, version):
    def key(text):
        return tuple(int(p) for p in text.split('.'))
    for schema, low, high in entries:
        if key(low or '2.1') <= key(version) and (
                high is None or key(version) <= key(high)):
            return schema
    return None


def operations():
    """[(key, method, path, version, schema)] of every write route and
    action at the lowest and the highest microversion it takes (imports
    nova_lite: unit tests, or the child process of the functional ones).
    """
    from nova_lite.api import microversion
    from nova_lite.api import validation
    from tests import api_routes
    top = str(microversion.MAX_VERSION)
    found = []
    for route in api_routes.routes():
        if route.method not in ('POST', 'PUT', 'PATCH') or (
                api_routes.is_action_route(route)):
            continue
        entries = validation.schemas_of(route.func).get('body', [])
        for version in _bounds(entries, top):
            schema = _entry_at(entries, version)
            if schema is not None:
                found.append((api_routes.route_key(route), route.method,
                              route.path, version, schema))
    for action in api_routes.actions():
        for version in _bounds(action.body, top):
            schema = _entry_at(action.body, version)
            if schema is not None:
                found.append((api_routes.action_key(action), 'POST',
                              action.path, version, schema))
    return found


def api_is_valid(schema):
    """``is_valid`` with the API's own validator (and format checkers)."""
    from nova_lite.api import validation
    from nova_lite import exception

    def is_valid(body):
        try:
            validation.validate(schema, body)
        except exception.ValidationError:
            return False
        return True
    return is_valid


def all_cases():
    """[{key, method, path, version, case, body}] of every operation."""
    result = []
    for key, method, path, version, schema in operations():
        for case in cases(schema, api_is_valid(schema)):
            result.append({'key': key, 'method': method, 'path': path,
                           'version': version, 'case': case.name,
                           'body': case.body})
    return result


def counts(generated):
    """{"<key> @<version>": number of cases} of ``all_cases()`` items."""
    result = collections.Counter(
        '%s @%s' % (item['key'], item['version']) for item in generated)
    return dict(sorted(result.items()))


def main():
    import nova_lite.conf  # noqa: F401  (registers the [api] options)
    json.dump(all_cases(), sys.stdout)


if __name__ == '__main__':
    main()
