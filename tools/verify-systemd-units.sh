#!/usr/bin/env bash
# Check etc/systemd/*.service with "systemd-analyze verify".
#
#   tools/verify-systemd-units.sh [BINDIR]
#
# verify loads each unit as systemd would and fails on a bad directive, a
# bad value or an ExecStart= binary that does not exist. The units name
# /usr/local/bin/nova-lite-*, where a system install puts the binaries; on
# a development or CI machine they are in the virtualenv instead, so the
# units are checked as copies whose /usr/local/bin/ is replaced by BINDIR
# (default: the directory of the nova-lite-api found next to this
# checkout's .venv/bin or on PATH). Nothing else in them is changed, and
# the copies are deleted afterwards. Exits non-zero if verify complains.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v systemd-analyze >/dev/null; then
    echo "verify-systemd-units.sh: systemd-analyze not found" \
         "(apt-get install systemd)" >&2
    exit 2
fi
bindir=${1:-}
if [ -z "$bindir" ]; then
    if [ -x "${NOVA_LITE_VENV:-.venv}/bin/nova-lite-api" ]; then
        bindir=$(cd "${NOVA_LITE_VENV:-.venv}/bin" && pwd)
    elif command -v nova-lite-api >/dev/null; then
        bindir=$(dirname "$(command -v nova-lite-api)")
    else
        echo "verify-systemd-units.sh: nova-lite-api is not installed" >&2
        exit 2
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in etc/systemd/*.service; do
    sed "s#/usr/local/bin/#$bindir/#" "$unit" >"$work/$(basename "$unit")"
done
# verify prints nothing when all is well; any line is a finding.
out=$(cd "$work" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify ./*.service 2>&1) || {
    printf '%s\n' "$out" >&2
    exit 1
}
if [ -n "$out" ]; then
    printf '%s\n' "$out" >&2
    exit 1
fi
echo "systemd-analyze verify: $(ls etc/systemd/*.service | wc -l) units OK ($(systemd-analyze --version | head -1))"
