"""JSON schemas of the compute API's responses, for unit and functional tests.

``validate(kind, microversion, body)`` checks a decoded response body
against the shape Nova returns at that microversion and raises
``jsonschema.ValidationError`` (with the path of the offending part) when
it differs. Kinds::

    servers.create  servers.create_reservation  servers.index
    servers.detail  servers.show  servers.update  servers.console_output
    server_metadata.index  server_metadata.show
    instance_actions.index  instance_actions.show
    flavors.index   flavors.detail  flavors.show
    keypairs.create  keypairs.index  keypairs.show
    services.index  services.show  services.action
    hypervisors.index  hypervisors.detail  hypervisors.show
    hypervisors.statistics
    availability_zones.index  availability_zones.detail
    limits.show
    error  versions  version

``admin=True`` requires the fields only administrators see (and
``admin=False`` forbids them); the default accepts either. ``code=N``
(for ``error``) pins the fault name to that HTTP code.

Written from the compute API reference and tempest's documented response
shapes; see ``servers.py`` for the per-version deltas.
"""

import functools

import jsonschema

from tests.api_schemas import availability_zones
from tests.api_schemas import common
from tests.api_schemas import flavors
from tests.api_schemas import hypervisors
from tests.api_schemas import keypairs
from tests.api_schemas import limits
from tests.api_schemas import server_actions
from tests.api_schemas import servers
from tests.api_schemas import services

MIN_VERSION = '2.1'
MAX_VERSION = '2.73'

KINDS = {
    'servers.create': servers.create,
    'servers.create_reservation': servers.create_reservation,
    'servers.index': servers.index,
    'servers.list': servers.index,
    'servers.detail': servers.detail,
    'servers.show': servers.show,
    'servers.update': server_actions.update,
    'servers.console_output': server_actions.console_output,
    'server_metadata.index': server_actions.metadata_index,
    'server_metadata.show': server_actions.metadata_show,
    'instance_actions.index': server_actions.instance_actions_index,
    'instance_actions.show': server_actions.instance_actions_show,
    'flavors.index': flavors.index,
    'flavors.list': flavors.index,
    'flavors.detail': flavors.detail,
    'flavors.show': flavors.show,
    'keypairs.create': keypairs.create,
    'keypairs.index': keypairs.index,
    'keypairs.show': keypairs.show,
    'services.index': services.index,
    'services.show': services.show,
    'services.action': services.action,
    'hypervisors.index': hypervisors.index,
    'hypervisors.detail': hypervisors.detail,
    'hypervisors.show': hypervisors.show,
    'hypervisors.statistics': hypervisors.statistics,
    'availability_zones.index': availability_zones.index,
    'availability_zones.detail': availability_zones.detail,
    'limits.show': limits.show,
    'error': common.error,
    'versions': common.versions,
    'version': common.version,
}


def _normalize(microversion):
    if microversion in (None, 'latest'):
        return MAX_VERSION
    text = str(microversion)
    major, minor = (int(part) for part in text.split('.'))
    lowest = tuple(int(p) for p in MIN_VERSION.split('.'))
    highest = tuple(int(p) for p in MAX_VERSION.split('.'))
    if not lowest <= (major, minor) <= highest:
        raise ValueError('microversion %s is outside %s..%s'
                         % (text, MIN_VERSION, MAX_VERSION))
    return '%d.%d' % (major, minor)


@functools.lru_cache(maxsize=None)
def _validator(kind, microversion, admin, code):
    builder = KINDS[kind]
    if kind == 'error':
        schema = builder(microversion, admin, code=code)
    else:
        schema = builder(microversion, admin)
    validator_cls = jsonschema.Draft202012Validator
    validator_cls.check_schema(schema)
    return validator_cls(schema,
                         format_checker=validator_cls.FORMAT_CHECKER)


def schema(kind, microversion=None, admin=None, code=None):
    """The schema (a dict) ``validate`` uses."""
    return _validator(kind, _normalize(microversion), admin, code).schema


def validate(kind, microversion, body, admin=None, code=None):
    """Raise jsonschema.ValidationError unless ``body`` has Nova's shape.

    ``microversion``: "2.N", "latest" or None (the newest we serve).
    """
    if kind not in KINDS:
        raise KeyError('unknown response kind %r (one of %s)'
                       % (kind, ', '.join(sorted(KINDS))))
    validator = _validator(kind, _normalize(microversion), admin, code)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is not None:
        raise error
