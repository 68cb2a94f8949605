"""Request validation with JSON schemas, per microversion.

Decorate a controller method (below ``@pecan.expose``)::

    @pecan.expose('json')
    @validation.schema(schemas.create_v20, '2.1', '2.54')
    @validation.schema(schemas.create_v255, '2.55')
    def post(self, body):
        ...

* ``schema(schema, min_version=None, max_version=None)``: the JSON body is
  checked against the schema whose version range holds the request's
  version (a request no range holds is checked against none) and passed to
  the method as the keyword ``body``. The method's signature as pecan sees
  it leaves ``body`` out, so pecan routing still counts only path segments.
* ``query_schema(schema, min_version=None, max_version=None)``: the query
  string, as a dict of lists (``?a=1&a=2`` -> ``{'a': ['1', '2']}``), is
  checked; the method reads ``pecan.request.GET`` itself.
* ``response_body_schema(schema, min_version=None, max_version=None)``: the
  body the method returns is described by the schema (JSON Schema 2020-12,
  as Nova's response schemas); ``None`` says the response has no body (an
  empty 202/204, ``common.empty_response``). ``[api] response_validation``
  says what a mismatch does: ``error`` (a 500 ``ResponseValidationError``:
  for tests), ``warn`` (a warning in the log) or ``ignore`` (not checked:
  the default, as checking costs CPU on every response).
  ``response_body_schemas(entries)`` stacks a list of such
  (schema, min_version, max_version), e.g. one built by ``by_version``.

Every route declares a query schema and a response schema; POST and PUT
routes a body schema too (``tests/unit/api/test_route_schemas.py`` walks
the routes and fails on one without them).

A failure is a 400 ``ValidationError`` worded as Nova's: "Invalid input for
field/attribute <name>. Value: <value>. <reason>".

Never name a method parameter after a query parameter: pecan fills
parameters from the query string by name.
"""

import functools
import inspect

import jsonschema
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
import pecan
import webob

from nova_lite.api import common
from nova_lite import exception

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

_ATTR = '_nova_lite_schemas'


def _format_error(error):
    # The field is the last name in the path: "limit" for ['limit', 0]
    # (query values are lists), "uuid" for ['networks', 0, 'uuid'].
    path = [p for p in error.path if isinstance(p, str)]
    if path:
        values = {'path': path[-1], 'value': error.instance,
                  'message': error.message}
        return ('Invalid input for field/attribute %(path)s. Value: '
                '%(value)s. %(message)s' % values)
    return error.message


FORMAT_CHECKER = jsonschema.FormatChecker()


@FORMAT_CHECKER.checks('name')
def _is_name(value):
    """Printable, no whitespace at either end and nothing outside the
    Basic Multilingual Plane (as Nova's names: its database columns hold
    3-byte UTF-8)."""
    if not isinstance(value, str):
        return True
    return (value.isprintable() and value == value.strip()
            and all(ord(char) <= 0xFFFF for char in value))


@FORMAT_CHECKER.checks('uuid')
def _is_uuid(value):
    if not isinstance(value, str):
        return True
    return uuidutils.is_uuid_like(value)


@FORMAT_CHECKER.checks('date-time')
def _is_date_time(value):
    """ISO 8601, as Nova reads it (``2011-01-24T17:08Z``, offsets too)."""
    if not isinstance(value, str):
        return True
    try:
        timeutils.parse_isotime(value)
    except ValueError:
        return False
    return True


# Validators built once per schema: {id(schema): (schema, validator)}
# (the schema is kept so that its id is never reused).
_VALIDATORS = {}


def _validator(schema, cls):
    key = (id(schema), cls)
    cached = _VALIDATORS.get(key)
    if cached is None:
        cached = _VALIDATORS[key] = (
            schema, cls(schema, format_checker=FORMAT_CHECKER))
    return cached[1]


def validate(schema, value):
    """Check ``value`` against ``schema``; ValidationError (400) if not."""
    validator = _validator(schema, jsonschema.Draft4Validator)
    for error in validator.iter_errors(value):
        raise exception.ValidationError(detail=_format_error(error))


ResponseValidationError = exception.ResponseValidationError


def _is_empty(result):
    if isinstance(result, webob.Response):
        return not result.body
    return result is None


def response_error(schema, result):
    """Why ``result`` does not match ``schema`` (None: it does)."""
    if schema is None:
        return None if _is_empty(result) else 'a body where none is due'
    if isinstance(result, webob.Response):
        if not _is_empty(result):
            return 'no body where one is due'
        # An empty response is checked as JSON null: a route that answers
        # a body to some requests and nothing to others (server actions)
        # says so with {'anyOf': [{'type': 'null'}, ...]}.
        result = None
    validator = _validator(schema, jsonschema.Draft202012Validator)
    error = jsonschema.exceptions.best_match(validator.iter_errors(result))
    if error is None:
        return None
    where = '/'.join(str(p) for p in error.absolute_path)
    return '%s (at /%s)' % (error.message, where)


def check_response(schema, result):
    """Check a returned body as ``[api] response_validation`` says.

    ``schema`` None: the response must be empty (a webob Response without
    a body, as ``common.empty_response`` builds).
    """
    mode = CONF.api.response_validation
    if mode == 'ignore':
        return
    detail = response_error(schema, result)
    if detail is None:
        return
    if mode == 'error':
        raise ResponseValidationError(detail=detail)
    LOG.warning('Response does not match its schema: %s', detail)


def _pick(entries, version):
    """The entry of ``entries`` whose range holds ``version``, or None."""
    for entry in entries:
        if version.matches(entry[1], entry[2]):
            return entry
    return None


def _versioned(kind, schema, min_version, max_version):
    """Stack ``schema`` onto the method's list of ``kind`` schemas."""

    def decorator(func):
        registry = getattr(func, _ATTR, None)
        if registry is not None and kind in registry:
            # Another decorator of the same kind is below: add our range.
            registry[kind].append((schema, min_version, max_version))
            return func
        inner = func
        entries = [(schema, min_version, max_version)]

        @functools.wraps(inner)
        def wrapper(self, *args, **kwargs):
            # pecan passes path segments positionally; query parameters
            # would come as keywords only if the signature named them.
            request = pecan.request
            chosen = _pick(entries, request.api_version)
            if kind == 'query':
                if chosen is not None:
                    validate(chosen[0], request.GET.dict_of_lists())
                return inner(self, *args, **kwargs)
            if kind == 'response':
                result = inner(self, *args, **kwargs)
                if chosen is not None:
                    check_response(chosen[0], result)
                return result
            body = common.request_body(request)
            if chosen is not None:
                validate(chosen[0], body)
            return inner(self, *args, body=body, **kwargs)

        wrapper.__signature__ = _exposed_signature(inner)
        setattr(wrapper, _ATTR, dict(registry or {}, **{kind: entries}))
        return wrapper

    return decorator


def _exposed_signature(func):
    """``func``'s signature without ``body`` (pecan must not fill it)."""
    signature = inspect.signature(func)
    return signature.replace(parameters=[
        p for name, p in signature.parameters.items() if name != 'body'])


def schema(request_body_schema, min_version=None, max_version=None):
    return _versioned('body', request_body_schema, min_version, max_version)


def query_schema(query_params_schema, min_version=None, max_version=None):
    return _versioned('query', query_params_schema, min_version,
                      max_version)


def response_body_schema(response_schema, min_version=None,
                         max_version=None):
    return _versioned('response', response_schema, min_version,
                      max_version)


def response_body_schemas(entries):
    """Stack every (schema, min_version, max_version) of ``entries``."""

    def decorator(func):
        for response_schema, min_version, max_version in reversed(entries):
            func = response_body_schema(response_schema, min_version,
                                        max_version)(func)
        return func

    return decorator


def _previous(version):
    major, minor = (int(part) for part in version.split('.'))
    return '%d.%d' % (major, minor - 1)


def by_version(builder, versions):
    """[(builder(v), v, the version before the next one)] for each ``v``
    of ``versions`` (ascending; the last range is open): the schemas of a
    shape that changes at those microversions."""
    ends = [_previous(v) for v in versions[1:]] + [None]
    return [(builder(v), v, end) for v, end in zip(versions, ends)]


def schemas_of(func):
    """{kind: [(schema, min_version, max_version)]} declared on ``func``
    (kinds: 'body', 'query', 'response'); {} for none."""
    return dict(getattr(func, _ATTR, None) or {})
