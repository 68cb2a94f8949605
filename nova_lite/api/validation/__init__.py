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

A failure is a 400 ``ValidationError`` worded as Nova's: "Invalid input for
field/attribute <name>. Value: <value>. <reason>".

Never name a method parameter after a query parameter: pecan fills
parameters from the query string by name.
"""

import functools
import inspect

import jsonschema
from oslo_utils import uuidutils
import pecan

from nova_lite.api import common
from nova_lite import exception

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
    """Printable, and no whitespace at either end (as Nova's names)."""
    if not isinstance(value, str):
        return True
    return (value.isprintable() and value == value.strip())


@FORMAT_CHECKER.checks('uuid')
def _is_uuid(value):
    if not isinstance(value, str):
        return True
    return uuidutils.is_uuid_like(value)


def validate(schema, value):
    """Check ``value`` against ``schema``; ValidationError (400) if not."""
    validator = jsonschema.Draft4Validator(
        schema, format_checker=FORMAT_CHECKER)
    for error in validator.iter_errors(value):
        raise exception.ValidationError(detail=_format_error(error))


def _pick(entries, version):
    for schema, min_version, max_version in entries:
        if version.matches(min_version, max_version):
            return schema
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
                    validate(chosen, request.GET.dict_of_lists())
                return inner(self, *args, **kwargs)
            body = common.request_body(request)
            if chosen is not None:
                validate(chosen, body)
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
