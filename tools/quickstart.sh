#!/usr/bin/env bash
# Bring up a nova_lite cloud on the embedded default, on a fresh machine:
#
#   ./tools/quickstart.sh
#
# 1. a virtualenv in .venv with nova_lite and python-openstackclient
#    (pinned by upper-constraints.txt; skipped when already done for the
#    same setup.cfg, pyproject.toml and upper-constraints.txt);
# 2. ./state/nova-lite.conf and a SQLite database under ./state (db sync);
# 3. nova-lite-all in the background: conductor, scheduler, one fake
#    compute and the REST API on http://127.0.0.1:8774 (NOVA_LITE_PORT),
#    all in one process on the in-process message transport, with the
#    noauth2 token shim (tokens are "user:project[:roles]");
# 4. ./state/clouds.yaml for the openstack CLI and openstacksdk: cloud
#    "nova-lite" (user admin in project admin) and "nova-lite-demo" (user
#    demo, a member of project demo);
# 5. a flavor m1.tiny and an image cirros (a record: the fake driver boots
#    nothing real).
#
# Idempotent: a second run reuses the virtualenv, the state and a
# nova-lite-all that still runs. Stop the cloud with
#   kill "$(cat state/nova-lite-all.pid)"
# and start again with this script; rm -rf state forgets everything.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
state="$top/state"
conf="$state/nova-lite.conf"
clouds="$state/clouds.yaml"
pidfile="$state/nova-lite-all.pid"
port=${NOVA_LITE_PORT:-8774}
url="http://127.0.0.1:$port"
venv="$top/.venv"
PYTHON=${PYTHON:-python3}

step() { printf '==> %s\n' "$*"; }
die() { printf 'quickstart.sh: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------- virtualenv
if [ ! -x "$venv/bin/python" ]; then
    step "creating $venv ($("$PYTHON" --version 2>&1))"
    "$PYTHON" -m venv "$venv" || die "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
fi
stamp="$venv/.nova-lite-quickstart"
want=$(cat setup.cfg pyproject.toml upper-constraints.txt | sha256sum)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
        && [ -x "$venv/bin/openstack" ] && [ -x "$venv/bin/nova-lite-all" ]; then
    step "nova_lite and python-openstackclient already installed in .venv"
else
    step "installing nova_lite and python-openstackclient into .venv (upper-constraints.txt)"
    "$venv/bin/python" -m pip install -q -c upper-constraints.txt \
        -e . python-openstackclient
    printf '%s\n' "$want" >"$stamp"
fi

# ---------------------------------------------------------- configuration
mkdir -p "$state"
if [ ! -f "$conf" ]; then
    step "writing $conf"
    cat >"$conf" <<CONF
# Written by tools/quickstart.sh: nova-lite-all on the embedded default.
[DEFAULT]
state_path = $state
host = $(hostname)
log_file = $state/nova-lite-all.log
# transport_url is left unset: nova-lite-all then uses the in-process
# kombu+memory://// transport. [database] connection defaults to
# sqlite:///\$state_path/nova_lite.sqlite.
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $port
# One compute: a resize can only land where the server already is.
allow_resize_to_same_host = true

[api]
# The token shim: X-Auth-Token is "user:project[:role,role]" and is
# trusted. Local demos and tests only; deployments use keystone.
auth_strategy = noauth2
CONF
else
    step "reusing $conf"
    port=$(sed -n 's/^osapi_compute_listen_port *= *//p' "$conf" | tail -1)
    port=${port:-8774}
    url="http://127.0.0.1:$port"
fi

if [ ! -f "$clouds" ]; then
    step "writing $clouds"
    cat >"$clouds" <<YAML
# Written by tools/quickstart.sh for the openstack CLI and openstacksdk:
#   export OS_CLIENT_CONFIG_FILE=$clouds OS_CLOUD=nova-lite
#
# nova-lite-api runs the noauth2 token shim: the token says who you are
# ("user:project[:role,role]"; user admin is an admin). There is no
# Keystone: $url/identity turns such a token into a
# Keystone-style token whose catalog lists this API's compute and image
# endpoints (keystoneauth's v3token plugin), so clients work unchanged.
clouds:
  nova-lite:
    auth_type: v3token
    auth:
      auth_url: $url/identity
      token: "admin:admin"
    region_name: RegionOne
    compute_api_version: "2.73"
  nova-lite-demo:
    auth_type: v3token
    auth:
      auth_url: $url/identity
      token: "demo:demo"
    region_name: RegionOne
    compute_api_version: "2.73"
YAML
else
    step "reusing $clouds"
fi

step "nova-lite-manage db sync"
"$venv/bin/nova-lite-manage" --config-file "$conf" db sync

# ------------------------------------------------------------ the service
running() {
    [ -f "$pidfile" ] || return 1
    local pid
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null && grep -q nova-lite-all "/proc/$pid/cmdline" 2>/dev/null
}

answers() {
    "$venv/bin/python" - "$url/v2.1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as resp:
        sys.exit(0 if resp.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

if running; then
    step "nova-lite-all already runs (pid $(cat "$pidfile"))"
else
    if answers; then
        die "something else already answers at $url: stop it, or start over
with another port (rm -rf state; NOVA_LITE_PORT=18774 ./tools/quickstart.sh)"
    fi
    step "starting nova-lite-all (log: $state/nova-lite-all.log)"
    # Its own session: a Ctrl-C here or a closed terminal does not reach it.
    launcher=()
    command -v setsid >/dev/null && launcher=(setsid)
    nohup "${launcher[@]}" "$venv/bin/nova-lite-all" --config-file "$conf" \
        </dev/null >>"$state/nova-lite-all.out" 2>&1 &
    echo $! >"$pidfile"
fi

step "waiting for the API at $url"
for _ in $(seq 1 120); do
    answers && break
    if ! running; then
        tail -n 20 "$state/nova-lite-all.out" "$state/nova-lite-all.log" 2>/dev/null || true
        die "nova-lite-all exited (see $state/nova-lite-all.log; is port $port taken?)"
    fi
    sleep 0.5
done
answers || die "the API did not answer at $url within 60s (see $state/nova-lite-all.log)"

# ------------------------------------------------------ flavor and image
export OS_CLIENT_CONFIG_FILE="$clouds" OS_CLOUD=nova-lite
if "$venv/bin/openstack" flavor show m1.tiny -f value -c id >/dev/null 2>&1; then
    step "flavor m1.tiny exists"
else
    step "openstack flavor create m1.tiny"
    "$venv/bin/openstack" flavor create --ram 512 --vcpus 1 --disk 1 \
        m1.tiny -f value -c id
fi
if "$venv/bin/nova-lite-manage" --config-file "$conf" image list | grep -q '| cirros '; then
    step "image cirros exists"
else
    step "nova-lite-manage image create --name cirros"
    "$venv/bin/nova-lite-manage" --config-file "$conf" image create \
        --name cirros --disk-format qcow2 --container-format bare
fi

"$venv/bin/openstack" compute service list 2>/dev/null \
    || "$venv/bin/nova-lite-manage" --config-file "$conf" service list

cat <<NEXT

nova_lite is running: pid $(cat "$pidfile"), API $url, log $state/nova-lite-all.log

Next, in this shell:

  . .venv/bin/activate
  export OS_CLIENT_CONFIG_FILE=$clouds OS_CLOUD=nova-lite

  openstack flavor list
  openstack image list
  openstack server create --image cirros --flavor m1.tiny --wait demo
  openstack server list
  openstack server show demo
  openstack server delete --wait demo

  OS_CLOUD=nova-lite-demo openstack server list     # as user demo
  nova-lite-manage --config-file $conf service list

Stop it:   kill \$(cat $pidfile)
Restart:   ./tools/quickstart.sh    (the state in ./state is kept)
NEXT
