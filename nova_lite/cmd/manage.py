"""nova-lite-manage: the operator's CLI (database, services, images).

It opens the database directly, like nova-manage, and needs no message
broker: ``[database] connection`` is all it reads.
"""

import argparse
import inspect
import sys

from oslo_config import cfg
from oslo_utils import uuidutils
import prettytable

from nova_lite import config
import nova_lite.conf
from nova_lite import context
from nova_lite.db import api as db_api
from nova_lite.db import migration
from nova_lite import exception
from nova_lite import objects
from nova_lite import servicegroup

CONF = nova_lite.conf.CONF


def _print_table(columns, rows):
    table = prettytable.PrettyTable(columns)
    table.align = 'l'
    for row in rows:
        table.add_row(row)
    print(table)


def _iso(value):
    return value.isoformat() if value else '-'


class DbCommands:
    """db sync | db version"""

    def sync(self, version=None):
        """Upgrade the database schema to the newest (or a given) revision."""
        migration.db_sync(version)
        print('Database is at revision %s' % migration.db_version())
        return 0

    def version(self):
        """Print the current schema revision."""
        print(migration.db_version() or 'None (run "db sync")')
        return 0


class ServiceCommands:
    """service list | disable | enable | delete"""

    def list(self, host=None, binary=None):
        ctxt = context.get_admin_context()
        services = objects.ServiceList.get_all(ctxt, host=host,
                                               binary=binary)
        rows = []
        for svc in services:
            rows.append([
                svc.id, svc.binary, svc.host, svc.availability_zone or '-',
                'disabled' if svc.disabled else 'enabled',
                'up' if servicegroup.service_is_up(svc) else 'down',
                _iso(svc.updated_at), svc.forced_down, svc.version])
        _print_table(['Id', 'Binary', 'Host', 'Zone', 'Status', 'State',
                      'Updated At', 'Forced Down', 'Version'], rows)
        return 0

    def _get(self, host, binary):
        return objects.Service.get_by_host_and_binary_or_raise(
            context.get_admin_context(), host, binary)

    def disable(self, host, binary, reason=None):
        svc = self._get(host, binary)
        svc.disable(reason)
        svc.save()
        print('Disabled %s on %s' % (binary, host))
        return 0

    def enable(self, host, binary):
        svc = self._get(host, binary)
        svc.enable()
        svc.save()
        print('Enabled %s on %s' % (binary, host))
        return 0

    def delete(self, host, binary):
        self._get(host, binary).destroy()
        print('Deleted %s on %s' % (binary, host))
        return 0


class HostCommands:
    """host list: the compute nodes and the resources they report."""

    def list(self):
        nodes = objects.ComputeNodeList.get_all(context.get_admin_context())
        _print_table(
            ['Host', 'Hypervisor Hostname', 'vCPUs', 'Memory MB', 'Local GB',
             'vCPUs Used', 'Memory MB Used', 'Local GB Used', 'Running VMs'],
            [[n.host, n.hypervisor_hostname, n.vcpus, n.memory_mb,
              n.local_gb, n.vcpus_used, n.memory_mb_used, n.local_gb_used,
              n.running_vms] for n in nodes])
        return 0


class ImageCommands:
    """image create | list | delete: the image records servers boot from."""

    DISK_FORMATS = ('ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw',
                    'qcow2', 'vdi', 'iso', 'ploop')
    CONTAINER_FORMATS = ('ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker',
                         'compressed')

    @staticmethod
    def _properties(pairs):
        properties = {}
        for pair in pairs or ():
            key, sep, value = pair.partition('=')
            if not sep or not key:
                raise exception.InvalidInput(
                    reason='--property takes KEY=VALUE, not %r' % pair)
            properties[key] = value
        return properties

    def create(self, name, image_id=None, disk_format='qcow2',
               container_format='bare', min_disk=0, min_ram=0,
               properties=None, private=False, owner=None):
        """Create an image record (active, public unless --private)."""
        if private and not owner:
            raise exception.InvalidInput(
                reason='a --private image needs an --owner project')
        if image_id is not None and not uuidutils.is_uuid_like(image_id):
            raise exception.InvalidInput(
                reason='--id must be a UUID, not %r' % image_id)
        image = objects.Image(
            context.get_admin_context(), name=name,
            disk_format=disk_format, container_format=container_format,
            min_disk=min_disk, min_ram=min_ram,
            properties=self._properties(properties), owner=owner,
            visibility='private' if private else 'public')
        if image_id is not None:
            image.id = image_id
        image.create()
        print(image.id)
        return 0

    def list(self):
        """List every image."""
        images = objects.ImageList.get_all(context.get_admin_context(),
                                           sort_key='name', sort_dir='asc')
        _print_table(
            ['ID', 'Name', 'Status', 'Visibility', 'Owner', 'Disk Format',
             'Container Format', 'Min Disk', 'Min RAM', 'Properties'],
            [[i.id, i.name or '-', i.status, i.visibility, i.owner or '-',
              i.disk_format or '-', i.container_format or '-', i.min_disk,
              i.min_ram, ', '.join('%s=%s' % item for item in
                                   sorted(i.properties.items())) or '-']
             for i in images])
        return 0

    def delete(self, image_id):
        """Delete an image record."""
        ctxt = context.get_admin_context()
        objects.Image.get_by_id(ctxt, image_id).destroy()
        print('Deleted image %s' % image_id)
        return 0


def _add_action(subparsers, name, fn, *args):
    parser = subparsers.add_parser(name, help=fn.__doc__)
    for flags, kwargs in args:
        # A prefixed dest keeps argument names such as "host" from
        # clashing with the options of the same name in CONF. "dest" names
        # the action's parameter when it is not the flag's own name.
        kwargs = dict(kwargs)
        metavar = flags[0].lstrip('-').replace('-', '_').upper()
        dest = 'action_kwarg_' + kwargs.pop('dest', metavar.lower())
        if not flags[0].startswith('-'):
            parser.add_argument(dest, metavar=metavar, **kwargs)
        elif kwargs.get('action') == 'store_true':
            parser.add_argument(*flags, dest=dest, **kwargs)
        else:
            parser.add_argument(*flags, dest=dest, metavar=metavar, **kwargs)
    parser.set_defaults(action_fn=fn)


def _non_negative(text):
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            'a non-negative integer is required, not %r' % text)
    return value


def _add_image_parsers(subparsers):
    image = ImageCommands()
    sub = subparsers.add_parser('image', help=ImageCommands.__doc__)
    actions = sub.add_subparsers(dest='action', required=True)
    _add_action(actions, 'create', image.create,
                (['--name'], {'required': True}),
                (['--id'], {'default': None, 'dest': 'image_id'}),
                (['--disk-format'], {'default': 'qcow2',
                                     'choices': image.DISK_FORMATS}),
                (['--container-format'], {
                    'default': 'bare', 'choices': image.CONTAINER_FORMATS}),
                (['--min-disk'], {'type': _non_negative, 'default': 0,
                                  'help': 'GiB'}),
                (['--min-ram'], {'type': _non_negative, 'default': 0,
                                 'help': 'MiB'}),
                (['--property'], {'action': 'append', 'default': None,
                                  'dest': 'properties',
                                  'help': 'KEY=VALUE (repeatable)'}),
                (['--private'], {'action': 'store_true',
                                 'help': 'visible to --owner only'}),
                (['--owner'], {'default': None,
                               'help': 'the owning project id'}))
    _add_action(actions, 'list', image.list)
    _add_action(actions, 'delete', image.delete,
                (['id'], {'dest': 'image_id'}))


def add_command_parsers(subparsers):
    host_bin = ((['host'], {}), (['binary'], {}))
    db = DbCommands()
    sub = subparsers.add_parser('db', help=DbCommands.__doc__)
    actions = sub.add_subparsers(dest='action', required=True)
    _add_action(actions, 'sync', db.sync,
                (['version'], {'nargs': '?', 'default': None}))
    _add_action(actions, 'version', db.version)

    svc = ServiceCommands()
    sub = subparsers.add_parser('service', help=ServiceCommands.__doc__)
    actions = sub.add_subparsers(dest='action', required=True)
    _add_action(actions, 'list', svc.list,
                (['--host'], {}), (['--binary'], {}))
    _add_action(actions, 'disable', svc.disable, *host_bin,
                (['--reason'], {'default': None}))
    _add_action(actions, 'enable', svc.enable, *host_bin)
    _add_action(actions, 'delete', svc.delete, *host_bin)

    host = HostCommands()
    sub = subparsers.add_parser('host', help=HostCommands.__doc__)
    actions = sub.add_subparsers(dest='action', required=True)
    _add_action(actions, 'list', host.list)

    _add_image_parsers(subparsers)


category_opt = cfg.SubCommandOpt('category', title='Command categories',
                                 help='Available categories',
                                 handler=add_command_parsers)


def _action_kwargs(fn):
    names = list(inspect.signature(fn).parameters)
    return {name: getattr(CONF.category, 'action_kwarg_' + name)
            for name in names}


def main():
    CONF.register_cli_opt(category_opt)
    try:
        config.parse_args(sys.argv, init_rpc=False)
    except cfg.Error as exc:
        sys.stderr.write('nova-lite-manage: %s\n' % exc)
        return 2
    objects.register_all()
    db_api.allow_connections('nova-lite-manage')
    fn = CONF.category.action_fn
    try:
        return fn(**_action_kwargs(fn))
    except exception.NovaLiteException as exc:
        sys.stderr.write('ERROR: %s\n' % exc.format_message())
        return 1
