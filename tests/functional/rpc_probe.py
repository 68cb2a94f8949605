"""Talk to a running deployment over RPC, as a compute would; print JSON.

Usage::

    python rpc_probe.py --config-file COMPUTE_LIKE.conf \
        [--ping TOPIC[:SERVER]]... \
        [--service HOST:BINARY:VERSION]... \
        [--remotable HOST:BINARY]...

Run by the functional tests in a child process, so that the pytest process's
global configuration and transport stay untouched. The configuration file
has no ``[database]`` section, like a compute's.

* ``--ping``: ``BaseAPI(topic).ping`` (``compute:compute1`` pings the
  compute on that host).
* ``--service``: ``ConductorAPI.object_class_action_versions`` for
  ``Service.get_by_host_and_binary`` with ``{'Service': VERSION}`` as this
  caller's object versions: the conductor must answer at that version.
* ``--remotable``: the ordinary remotable classmethod
  ``objects.Service.get_by_host_and_binary`` with the conductor as
  indirection API, as every non-conductor binary runs it.

The last line of stdout is one JSON document; each item carries either its
result or ``{"error": "..."}``, so one failure does not hide the others.
"""

import argparse
import json
import sys


def describe(obj):
    """What the tests look at in a returned object."""
    fields = sorted(f for f in obj.fields if obj.obj_attr_is_set(f))
    primitive = obj.obj_to_primitive()
    version_key = [k for k in primitive if k.endswith('.version')]
    return {
        'obj_name': obj.obj_name(),
        'version': obj.VERSION,
        'wire_version': primitive[version_key[0]] if version_key else None,
        'set_fields': fields,
        'values': {f: getattr(obj, f) for f in fields
                   if f in ('id', 'uuid', 'host', 'binary', 'topic',
                            'report_count', 'disabled', 'disabled_reason',
                            'forced_down', 'version')},
    }


def attempt(fn):
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - reported to the test
        return {'error': '%s: %s' % (type(exc).__name__, exc)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--config-file', required=True)
    parser.add_argument('--ping', action='append', default=[])
    parser.add_argument('--service', action='append', default=[])
    parser.add_argument('--remotable', action='append', default=[])
    parser.add_argument('--timeout', type=int, default=10)
    args = parser.parse_args()

    from nova_lite import config
    from nova_lite import context
    import nova_lite.objects
    from nova_lite.objects import base as obj_base
    nova_lite.objects.register_all()
    config.parse_args(['rpc-probe', '--config-file', args.config_file])
    from nova_lite import baserpc
    from nova_lite.conductor import rpcapi as conductor_rpcapi

    ctxt = context.get_admin_context()
    conductor = conductor_rpcapi.ConductorAPI()
    result = {'pings': {}, 'services': {}, 'remotable': {}}

    for spec in args.ping:
        topic, _, server = spec.partition(':')
        api = baserpc.BaseAPI(topic)
        result['pings'][spec] = attempt(
            lambda: api.ping(ctxt, 'probe-%s' % spec, timeout=args.timeout,
                             server=server or None))

    for spec in args.service:
        host, binary, version = spec.split(':')
        result['services'][spec] = attempt(lambda: describe(
            conductor.object_class_action_versions(
                ctxt, 'Service', 'get_by_host_and_binary',
                {'Service': version}, (host, binary), {})))

    obj_base.NovaLiteObject.indirection_api = conductor
    for spec in args.remotable:
        host, binary = spec.split(':')
        result['remotable'][spec] = attempt(lambda: describe(
            nova_lite.objects.Service.get_by_host_and_binary(
                ctxt, host, binary)))

    # Importing is not connecting, but a compute-like caller should need
    # neither: reported, for the tests to look at.
    result['db_modules_imported'] = sorted(
        m for m in ('sqlalchemy', 'pymysql', 'alembic') if m in sys.modules)
    sys.stdout.write(json.dumps(result, default=str) + '\n')
    sys.stdout.flush()
    from nova_lite import rpc
    rpc.cleanup()


if __name__ == '__main__':
    main()
