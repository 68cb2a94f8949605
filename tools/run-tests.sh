#!/usr/bin/env bash
# Set up and run all of nova_lite's tests on this machine, the way CI does.
#
#   ./tools/run-tests.sh
#
# 1. creates .venv (python3 -m venv) if there is none, and installs nova_lite
#    (editable, with its test extras) and tox into it, pinned by
#    upper-constraints.txt; skipped when setup.cfg, pyproject.toml and
#    upper-constraints.txt are unchanged since the last install;
# 2. makes sure the MariaDB user the tests connect as exists
#    (nova_lite/nova_lite, ALL on databases named nova_lite_*), as MariaDB's
#    root over the local socket;
# 3. runs tox: pep8, py3 (unit), then functional (real processes over this
#    machine's RabbitMQ and MariaDB), each even if an earlier one failed;
#    after pep8, "systemd-analyze verify" on etc/systemd/*.service
#    (tools/verify-systemd-units.sh; skipped without systemd-analyze,
#    except with CI=true, where that is a failure).
#
# It does not start MariaDB, PostgreSQL or RabbitMQ (.ci/run does). Without
# them the tests that need them are skipped, or fail when CI=true.
# Exits non-zero if anything failed; the last line is pytest's summary of the
# functional tests.
#
# Environment: PYTHON (default python3), NOVA_LITE_VENV (default .venv),
# NOVA_LITE_TEST_* (see tests/servers.py), NOVA_LITE_TEST_WORKERS (unit test
# processes, default auto; 0 for serial).

set -euo pipefail

cd "$(dirname "$0")/.."
TOP=$PWD
PYTHON=${PYTHON:-python3}
VENV=${NOVA_LITE_VENV:-$TOP/.venv}
T0=${NOVA_LITE_T0:-$(date +%s)}

section() {
    printf '\n==> [%4ss] %s\n' "$(($(date +%s) - T0))" "$*"
}

die() {
    printf 'run-tests.sh: %s\n' "$*" >&2
    exit 1
}

install_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        section "Creating the virtualenv $VENV ($("$PYTHON" --version))"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.nova-lite-install" want
    want=$(cat setup.cfg pyproject.toml upper-constraints.txt | sha256sum)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
            && [ -x "$VENV/bin/tox" ]; then
        section "nova_lite and tox already installed in $VENV (inputs unchanged)"
        return
    fi
    section "Installing nova_lite[test] and tox into $VENV (upper-constraints.txt)"
    local start=$SECONDS
    "$VENV/bin/python" -m pip install --quiet -c upper-constraints.txt \
        -e '.[test]' tox
    printf '%s\n' "$want" > "$stamp"
    echo "installed in $((SECONDS - start))s"
}

# The account tests/servers.py uses by default; MariaDB's root is reached
# over the local socket only (root over TCP may be refused).
ensure_mysql_user() {
    section "MariaDB test user nova_lite@localhost and nova_lite@127.0.0.1"
    if ! command -v mysql >/dev/null; then
        missing_mysql "the mysql client is not installed"
        return
    fi
    local sql
    sql=$(cat <<'SQL'
CREATE USER IF NOT EXISTS 'nova_lite'@'localhost' IDENTIFIED BY 'nova_lite';
CREATE USER IF NOT EXISTS 'nova_lite'@'127.0.0.1' IDENTIFIED BY 'nova_lite';
ALTER USER 'nova_lite'@'localhost' IDENTIFIED BY 'nova_lite';
ALTER USER 'nova_lite'@'127.0.0.1' IDENTIFIED BY 'nova_lite';
GRANT ALL PRIVILEGES ON `nova\_lite\_%`.* TO 'nova_lite'@'localhost';
GRANT ALL PRIVILEGES ON `nova\_lite\_%`.* TO 'nova_lite'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
)
    local err
    if err=$(mysql --protocol=socket -uroot --batch 2>&1 >/dev/null <<<"$sql")
    then
        echo "ok"
    elif mysql --protocol=tcp -h127.0.0.1 -unova_lite -pnova_lite \
            -e 'SELECT 1' >/dev/null 2>&1 </dev/null; then
        echo "root is not reachable over the socket, but the user already works"
    else
        missing_mysql "$err"
    fi
}

missing_mysql() {
    if [ "${CI:-}" = true ]; then
        die "cannot create the MariaDB test user: $1"
    fi
    echo "WARNING: cannot create the MariaDB test user ($1);" \
         "tests that need MariaDB will be skipped"
}

verify_units() {
    if ! command -v systemd-analyze >/dev/null; then
        if [ "${CI:-}" = true ]; then
            echo "systemd-analyze is missing (apt-get install systemd)" >&2
            return 1
        fi
        echo "WARNING: systemd-analyze not found; units not verified"
        return 0
    fi
    NOVA_LITE_VENV=$VENV ./tools/verify-systemd-units.sh
}

run_tox() {
    local failed=() rc=0
    local tox="$VENV/bin/tox"

    section "Preparing the tox environments (pep8, py3, functional)"
    "$tox" run --notest -e pep8,py3,functional

    section "pep8: flake8 and tools/check_layering.py"
    "$tox" run -qq -e pep8 && echo "pep8 passed" || failed+=(pep8)

    section "systemd units: systemd-analyze verify etc/systemd/*.service"
    verify_units || failed+=(systemd-units)

    section "py3: unit tests"
    "$tox" run -qq -e py3 || failed+=(py3)

    if ((${#failed[@]})); then
        section "FAILED so far: ${failed[*]} (see above); the functional tests still run"
    fi
    section "functional: real nova-lite-* processes over RabbitMQ and MariaDB"
    # Nothing is printed after this run: pytest's summary is the last line.
    "$tox" run -qq -e functional || rc=$?
    if ((${#failed[@]})) && [ "$rc" -eq 0 ]; then
        rc=1
    fi
    return "$rc"
}

install_venv
ensure_mysql_user
run_tox
