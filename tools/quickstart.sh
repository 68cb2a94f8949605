#!/usr/bin/env bash
# Bring up nova_lite on the embedded default, on a fresh machine:
#   a virtualenv in .venv, the package installed, a SQLite database under
#   ./state, and nova-lite-all (every service in one process, on the
#   in-process message transport) running in the background.
# Stop it with:  kill "$(cat state/nova-lite-all.pid)"
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
state="$top/state"
conf="$state/nova-lite.conf"

if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    python3 -m venv .venv
fi
echo "==> installing nova_lite into .venv"
.venv/bin/pip install -q -c upper-constraints.txt -e .

mkdir -p "$state"
if [ ! -f "$conf" ]; then
    cat >"$conf" <<CONF
[DEFAULT]
state_path = $state
host = $(hostname)
log_file = $state/nova-lite-all.log
# transport_url is left unset: nova-lite-all then uses the in-process
# kombu+memory://// transport. [database] connection defaults to
# sqlite:///\$state_path/nova_lite.sqlite.
CONF
fi

echo "==> nova-lite-manage db sync"
.venv/bin/nova-lite-manage --config-file "$conf" db sync

if [ -f "$state/nova-lite-all.pid" ] && kill -0 "$(cat "$state/nova-lite-all.pid")" 2>/dev/null; then
    echo "==> nova-lite-all already runs (pid $(cat "$state/nova-lite-all.pid"))"
else
    echo "==> starting nova-lite-all"
    nohup .venv/bin/nova-lite-all --config-file "$conf" >/dev/null 2>&1 &
    echo $! >"$state/nova-lite-all.pid"
fi

# Wait until the three services report up.
for _ in $(seq 1 60); do
    up=$(.venv/bin/nova-lite-manage --config-file "$conf" service list 2>/dev/null | grep -c ' up ' || true)
    [ "$up" -ge 3 ] && break
    sleep 0.5
done
.venv/bin/nova-lite-manage --config-file "$conf" service list
.venv/bin/nova-lite-manage --config-file "$conf" host list
cat <<NEXT

nova_lite is running (pid $(cat "$state/nova-lite-all.pid"), log $state/nova-lite-all.log).
Next:
  .venv/bin/nova-lite-manage --config-file $conf service list
  .venv/bin/nova-lite-manage --config-file $conf host list
  kill \$(cat $state/nova-lite-all.pid)      # stop it
NEXT
