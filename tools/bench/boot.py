#!/usr/bin/env python3
"""Boot N servers against a running nova-lite-api; print ONE JSON line.

What it measures (see README.rst in this directory):

* ``create_to_active_s``: per server, from sending ``POST /servers`` to the
  first ``GET /servers/{id}`` that shows ACTIVE (polled every ``--poll``
  seconds, 50 ms by default, by the worker that created it);
* ``boot_wall_s`` and ``servers_per_s``: from the first POST to the last
  server ACTIVE, with ``--concurrency`` workers each booting one server at
  a time;
* ``post_ms``: how long ``POST /servers`` itself takes (until the 202);
* ``detail_ms``: ``GET /servers/detail`` with all N servers present
  (``--detail-samples`` sequential requests, 20 by default);
* ``delete_wall_s`` and ``delete_to_404_s``: ``DELETE`` of every server
  (same concurrency) until ``GET`` answers 404.

Only the standard library and ``requests``; it talks to the API the way
any client does (``X-Auth-Token``; noauth2 tokens are ``user:project``).
Errors do not stop the run: they are counted and the first few are
reported in the JSON line.
"""

import argparse
import concurrent.futures
import json
import os
import statistics
import sys
import threading
import time
import uuid

import requests

MICROVERSION = '2.60'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--endpoint', default='http://127.0.0.1:8774',
                        help='root URL of nova-lite-api (no /v2.1)')
    parser.add_argument('--token', default='bench:bench',
                        help='X-Auth-Token (noauth2: user:project[:roles])')
    parser.add_argument('--flavor', default='bench.small',
                        help='flavor id or name')
    parser.add_argument('--image', default='cirros', help='image id or name')
    parser.add_argument('--n', type=int, default=100,
                        help='servers to boot')
    parser.add_argument('--concurrency', type=int, default=10)
    parser.add_argument('--poll', type=float, default=0.05,
                        help='seconds between two GETs of one server')
    parser.add_argument('--timeout', type=float, default=300.0,
                        help='give up on a server after this many seconds')
    parser.add_argument('--detail-samples', type=int, default=20)
    parser.add_argument('--networks', default='none',
                        choices=['none', 'auto'])
    parser.add_argument('--keep', action='store_true',
                        help='do not delete the servers at the end')
    return parser.parse_args(argv)


class Client:
    """One ``requests.Session`` per thread, the same headers everywhere."""

    def __init__(self, endpoint, token):
        self.base = endpoint.rstrip('/')
        self.headers = {'X-Auth-Token': token,
                        'Accept': 'application/json',
                        'OpenStack-API-Version': 'compute ' + MICROVERSION}
        self._local = threading.local()

    @property
    def session(self):
        if not hasattr(self._local, 'session'):
            self._local.session = requests.Session()
            self._local.session.headers.update(self.headers)
        return self._local.session

    def call(self, method, path, **kwargs):
        kwargs.setdefault('timeout', 60)
        return self.session.request(method, self.base + path, **kwargs)


def resolve_flavor(client, ref):
    resp = client.call('GET', '/v2.1/flavors/%s' % ref)
    if resp.status_code == 200:
        return resp.json()['flavor']['id']
    resp = client.call('GET', '/v2.1/flavors')
    resp.raise_for_status()
    for flavor in resp.json()['flavors']:
        if flavor['name'] == ref:
            return flavor['id']
    sys.exit('no flavor %r at %s' % (ref, client.base))


def resolve_image(client, ref):
    try:
        return str(uuid.UUID(ref))
    except ValueError:
        pass
    resp = client.call('GET', '/image/v2/images', params={'name': ref})
    resp.raise_for_status()
    images = resp.json()['images']
    if not images:
        sys.exit('no image named %r at %s' % (ref, client.base))
    return images[0]['id']


def summary(values, scale=1.0, digits=3):
    if not values:
        return None
    ordered = sorted(values)

    def pick(q):
        return round(ordered[min(len(ordered) - 1,
                                 int(q * len(ordered)))] * scale, digits)
    return {'min': round(ordered[0] * scale, digits),
            'median': round(statistics.median(ordered) * scale, digits),
            'p90': pick(0.9), 'max': round(ordered[-1] * scale, digits),
            'count': len(ordered)}


class Run:
    def __init__(self, args, client, flavor_id, image_id):
        self.args = args
        self.client = client
        self.flavor_id = flavor_id
        self.image_id = image_id
        self.prefix = 'bench-%s' % uuid.uuid4().hex[:6]
        self.errors = []
        self.lock = threading.Lock()

    def error(self, what):
        with self.lock:
            self.errors.append(what)

    def poll_until(self, server_id, done, started):
        """GET the server every --poll seconds until ``done(resp)``."""
        deadline = started + self.args.timeout
        while time.monotonic() < deadline:
            resp = self.client.call('GET', '/v2.1/servers/%s' % server_id)
            result = done(resp)
            if result is not None:
                return result, time.monotonic()
            time.sleep(self.args.poll)
        return 'timeout', time.monotonic()

    def boot_one(self, index):
        body = {'server': {'name': '%s-%d' % (self.prefix, index),
                           'imageRef': self.image_id,
                           'flavorRef': self.flavor_id,
                           'networks': self.args.networks}}
        started = time.monotonic()
        resp = self.client.call('POST', '/v2.1/servers', json=body)
        posted = time.monotonic()
        if resp.status_code != 202:
            self.error('POST %d: %s' % (resp.status_code, resp.text[:300]))
            return None
        server_id = resp.json()['server']['id']

        def active(get):
            if get.status_code != 200:
                return 'http %d' % get.status_code
            status = get.json()['server']['status']
            return status if status in ('ACTIVE', 'ERROR') else None
        state, ended = self.poll_until(server_id, active, started)
        if state != 'ACTIVE':
            self.error('server %s: %s' % (server_id, state))
        return {'id': server_id, 'state': state, 'post': posted - started,
                'to_active': ended - started, 'ended': ended}

    def delete_one(self, server_id):
        started = time.monotonic()
        resp = self.client.call('DELETE', '/v2.1/servers/%s' % server_id)
        if resp.status_code not in (204, 404):
            self.error('DELETE %d: %s' % (resp.status_code, resp.text[:300]))
            return None

        def gone(get):
            return 'gone' if get.status_code == 404 else None
        state, ended = self.poll_until(server_id, gone, started)
        if state != 'gone':
            self.error('server %s not deleted: %s' % (server_id, state))
            return None
        return ended - started

    def detail_latencies(self):
        samples = []
        count = None
        for _ in range(self.args.detail_samples):
            started = time.monotonic()
            resp = self.client.call('GET', '/v2.1/servers/detail',
                                    params={'limit': 1000})
            samples.append(time.monotonic() - started)
            if resp.status_code != 200:
                self.error('GET detail %d: %s' % (resp.status_code,
                                                  resp.text[:300]))
            else:
                count = len(resp.json()['servers'])
        return samples, count

    def run(self):
        load_before = os.getloadavg()[0]
        workers = concurrent.futures.ThreadPoolExecutor(self.args.concurrency)
        with workers:
            started = time.monotonic()
            booted = [b for b in workers.map(self.boot_one,
                                             range(self.args.n)) if b]
            boot_wall = (max(b['ended'] for b in booted) - started
                         if booted else None)
            active = [b for b in booted if b['state'] == 'ACTIVE']
            detail, listed = self.detail_latencies()
            delete_wall, deleted = None, []
            if not self.args.keep:
                started = time.monotonic()
                deleted = [d for d in workers.map(
                    self.delete_one, [b['id'] for b in booted])
                    if d is not None]
                delete_wall = time.monotonic() - started
        return {
            'n': self.args.n,
            'concurrency': self.args.concurrency,
            'poll_s': self.args.poll,
            'active': len(active),
            'failed': self.args.n - len(active),
            'boot_wall_s': round(boot_wall, 3) if boot_wall else None,
            'servers_per_s': (round(len(active) / boot_wall, 2)
                              if boot_wall else None),
            'create_to_active_s': summary([b['to_active'] for b in active]),
            'post_ms': summary([b['post'] for b in booted], 1000, 1),
            'detail_ms': summary(detail, 1000, 1),
            'detail_servers': listed,
            'delete_wall_s': (round(delete_wall, 3)
                              if delete_wall is not None else None),
            'delete_to_404_s': summary(deleted),
            # The machine's 1-minute load average before and after: the
            # figures mean little on a machine busy with something else.
            'loadavg_1m': [round(load_before, 2),
                           round(os.getloadavg()[0], 2)],
            'cpus': os.cpu_count(),
            'errors': len(self.errors),
            'first_errors': self.errors[:5],
        }


def main(argv=None):
    args = parse_args(argv)
    client = Client(args.endpoint, args.token)
    run = Run(args, client, resolve_flavor(client, args.flavor),
              resolve_image(client, args.image))
    print(json.dumps(run.run(), sort_keys=True))
    return 0 if not run.errors else 1


if __name__ == '__main__':
    sys.exit(main())
