#!/usr/bin/env bash
# Disposable PostgreSQL server for the test suite.
#
# Sourced by scripts/test.sh, which uses the pg_* functions below.
# Can also be run on its own to get a throwaway server for running tests from
# an IDE; it prints the connection string and deletes everything on Ctrl-C:
#
#   bash scripts/postgres.sh
#
# The server is tuned for speed, not safety (fsync=off etc.): its data lives in
# a temp dir that is deleted when it stops. That is what the tests get.
# MEMBERCARD_PG_DURABLE=1 keeps PostgreSQL's durable defaults instead (fsync,
# synchronous_commit and full_page_writes on); scripts/bench.sh sets it to 1
# unless asked for --unsafe-fast-db, and then to 0.

PG_BIN_DIR=""             # directory holding initdb, pg_ctl and postgres
PG_DIR=""                 # temp dir: data/, server-<port>.log and the unix socket
PG_PORT=""
PG_LOG=""                 # server log of the current start attempt
PG_CONNECTION_STRING=""   # Npgsql format, set once the server is up

PG_FIRST_PORT=54320
PG_LAST_PORT=54399
PG_START_ATTEMPTS=10      # retries cover parallel runs grabbing the port we picked
PG_START_TIMEOUT=30       # seconds

pg_log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
pg_die() { pg_log "ERROR: $*"; exit 1; }

# Prints the directory that holds all three server binaries, or nothing.
# Debian's versioned dirs come first (newest version wins); PATH is the fallback.
# Symlinks are resolved because pg_ctl and initdb look for `postgres` next to
# their real location.
pg_find_bin_dir() {
    local dir candidates=() exe
    # `ls -d` on a non-matching glob fails; that's fine, the list is just empty.
    mapfile -t candidates < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
    if exe="$(command -v pg_ctl 2>/dev/null)"; then
        candidates+=("$(dirname "$(readlink -f "$exe")")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done
    return 0
}

# Only called as root: installing packages needs it, and CI machines may lack PostgreSQL.
pg_install_server() {
    command -v apt-get >/dev/null || pg_die "PostgreSQL is not installed and apt-get is not available to install it."
    local log
    log="$(mktemp)"
    pg_log "PostgreSQL server not found; installing it with apt-get (this takes a minute)..."
    # Output goes to a file so a successful install stays quiet; on failure we show it.
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        rm -f "$log"
        pg_die "apt-get install postgresql failed (output above)."
    fi
    rm -f "$log"
}

# Sets PG_BIN_DIR, installing PostgreSQL first when possible (root only).
pg_ensure_binaries() {
    PG_BIN_DIR="$(pg_find_bin_dir)"
    if [[ -z $PG_BIN_DIR && $EUID -eq 0 ]]; then
        pg_install_server
        PG_BIN_DIR="$(pg_find_bin_dir)"
    fi
    if [[ -z $PG_BIN_DIR ]]; then
        pg_log "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in"
        pg_log "/usr/lib/postgresql/*/bin or on PATH. Either install them"
        pg_log "(Debian/Ubuntu: sudo apt-get install postgresql) or point the tests at an"
        pg_log "existing server, e.g."
        pg_log "  MEMBERCARD_TEST_POSTGRES='Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres' $0"
        exit 1
    fi
}

# initdb and postgres refuse to run as root, so as root everything runs as the
# `postgres` system user (apt creates it; we create it if it is missing).
pg_ensure_postgres_user() {
    (( EUID == 0 )) || return 0
    id -u postgres >/dev/null 2>&1 && return 0
    pg_log "creating system user 'postgres' to run the test server"
    if getent group postgres >/dev/null; then
        useradd --system --gid postgres --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    else
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
}

# Runs a command as the server's owner. The cd avoids "could not change
# directory" warnings when the caller's cwd (e.g. /root) is unreadable to postgres.
pg_run() {
    if (( EUID == 0 )); then
        if command -v runuser >/dev/null; then
            (cd "$PG_DIR" && runuser -u postgres -- "$@")
        else
            (cd "$PG_DIR" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
        fi
    else
        "$@"
    fi
}

# True if something already listens on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
pg_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits until the server answers the protocol (pg_isready) or at least the TCP port.
pg_wait_ready() {
    local deadline=$((SECONDS + PG_START_TIMEOUT))
    while (( SECONDS < deadline )); do
        if [[ -x $PG_BIN_DIR/pg_isready ]]; then
            "$PG_BIN_DIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres && return 0
        else
            pg_port_in_use "$PG_PORT" && return 0
        fi
        sleep 0.2
    done
    return 1
}

# Creates, configures and starts the server; sets PG_PORT and PG_CONNECTION_STRING.
# The caller must arrange for pg_stop_disposable to run on exit.
pg_start_disposable() {
    pg_ensure_binaries
    pg_ensure_postgres_user

    PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/membercard-pg.XXXXXX")"
    (( EUID == 0 )) && chown postgres: "$PG_DIR"

    # --locale=C: minimal machines often have no generated locales.
    # --no-sync: the data is thrown away anyway.
    if ! pg_run env LC_ALL=C "$PG_BIN_DIR/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
            --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        pg_die "initdb failed (output above)."
    fi

    # Appended settings override initdb's defaults (last one wins). The port is
    # passed on the command line instead because it may change between attempts.
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF

# --- disposable test server (scripts/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
max_connections = 300
shared_buffers = 128MB
EOF
    if [[ "${MEMBERCARD_PG_DURABLE:-0}" == "1" ]]; then
        printf 'fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n' >>"$PG_DIR/data/postgresql.conf"
    else
        printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$PG_DIR/data/postgresql.conf"
    fi

    # Scan the range from a random point so parallel runs rarely pick the same port.
    local count=$((PG_LAST_PORT - PG_FIRST_PORT + 1))
    local offset=$((RANDOM % count)) i port attempts=0
    for ((i = 0; i < count; i++)); do
        port=$((PG_FIRST_PORT + (offset + i) % count))
        pg_port_in_use "$port" && continue
        attempts=$((attempts + 1))
        PG_LOG="$PG_DIR/server-$port.log"
        if pg_run "$PG_BIN_DIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_LOG" -o "-p $port" \
                -w -t "$PG_START_TIMEOUT" start >/dev/null 2>&1; then
            PG_PORT=$port
            break
        fi
        # Only a lost race for the port is worth another try; anything else is fatal.
        if ! grep -q -e 'could not bind' -e 'Address already in use' "$PG_LOG" 2>/dev/null \
                || (( attempts >= PG_START_ATTEMPTS )); then
            tail -n 30 "$PG_LOG" >&2 2>/dev/null || true
            pg_die "could not start PostgreSQL (server log above)."
        fi
        pg_log "port $port was taken while starting; trying another"
    done
    [[ -n $PG_PORT ]] || pg_die "no free TCP port in $PG_FIRST_PORT..$PG_LAST_PORT for PostgreSQL."

    if ! pg_wait_ready; then
        tail -n 30 "$PG_LOG" >&2 2>/dev/null || true
        pg_die "PostgreSQL did not accept connections within ${PG_START_TIMEOUT}s (server log above)."
    fi

    PG_CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
    pg_log "PostgreSQL $("$PG_BIN_DIR/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

# Safe to call more than once, and when nothing was started.
pg_stop_disposable() {
    [[ -n $PG_DIR && -d $PG_DIR ]] || return 0
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
        pg_run "$PG_BIN_DIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}

# Standalone use: start a server and keep it until interrupted.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    pg_sleep_pid=""
    trap '[[ -n $pg_sleep_pid ]] && kill "$pg_sleep_pid" 2>/dev/null; pg_stop_disposable' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    pg_start_disposable
    echo "export MEMBERCARD_TEST_POSTGRES='$PG_CONNECTION_STRING'"
    pg_log "press Ctrl-C to stop the server and delete its data"
    # Sleep in the background so the traps run as soon as a signal arrives.
    while true; do
        sleep 3600 &
        pg_sleep_pid=$!
        wait "$pg_sleep_pid" || true
    done
fi
