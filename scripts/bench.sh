#!/usr/bin/env bash
# Load benchmark: our server against the direct-SQL baseline, on one disposable PostgreSQL server.
#
#   bash scripts/bench.sh --clients 500 --cards 2000 --duration 20s --rounds 2 --json results.json
#   bash scripts/bench.sh --clients 50 --cards 50 --hot-cards 1 --mix topup=1,purchase=1   # 50 tills on one card
#   bash scripts/bench.sh --cards 1000 --burst 1000 --mix topup=1                          # 1,000 top-ups at once
#
# Starts a throwaway PostgreSQL (scripts/postgres.sh) with two databases, `membercard` for our
# server and `membercard_baseline` for the baseline, builds Release, starts both servers on
# loopback, and runs `membercard load` against them; rounds alternate between the two. Extra
# arguments go to `membercard load` (see `membercard load --help`). If the baseline has not been
# built (no dll) or answers no /health yet, only our server is measured, and the script says so.
#
# PostgreSQL is durable (fsync, synchronous_commit and full_page_writes on), as a real till network
# would run it. --unsafe-fast-db (or MEMBERCARD_BENCH_UNSAFE_FAST_DB=1) turns the three off: faster,
# and an acknowledged write may be lost; every table and the JSON are then labelled
# "unsafe: fsync off". The settings are read back from the running server, and the load tool is
# told what they are (--database durable|unsafe). The test suite's server (scripts/test.sh) stays fast.
#
# Everything is on 127.0.0.1 and everything stops by itself: the load is bounded by --duration
# (and --requests), and servers and database are stopped on exit, Ctrl-C included. A first Ctrl-C
# lets the load tool finish the requests in flight, verify and print its summary.
#
# Ports: MEMBERCARD_BENCH_PORT (ours, default 5080), MEMBERCARD_BENCH_BASELINE_PORT (default 5090).
# MEMBERCARD_BENCH_BASELINE_DLL: a baseline built elsewhere (another worktree), used as it is.
# Exit code: the load tool's (0 only when verification passed and no request failed).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OURS_PORT="${MEMBERCARD_BENCH_PORT:-5080}"
BASELINE_PORT="${MEMBERCARD_BENCH_BASELINE_PORT:-5090}"
API_KEY="bench-key"
READY_TIMEOUT=90   # seconds; the first start of a silo on a busy machine can be slow

SERVER_DLL="src/MemberCard.Server/bin/Release/net10.0/MemberCard.Server.dll"
BASELINE_DLL="${MEMBERCARD_BENCH_BASELINE_DLL:-tests/MemberCard.Baseline/bin/Release/net10.0/MemberCard.Baseline.dll}"
CLI_DLL="src/MemberCard.Cli/bin/Release/net10.0/membercard.dll"

# shellcheck source=scripts/postgres.sh
source "$REPO_ROOT/scripts/postgres.sh"

WORK_DIR=""       # server logs and working directories
OURS_PID=""
BASELINE_PID=""

UNSAFE_FAST_DB="${MEMBERCARD_BENCH_UNSAFE_FAST_DB:-0}"
LOAD_ARGS=()      # the arguments for `membercard load`: ours without --unsafe-fast-db

log() { printf 'bench.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stop_process() {
    local pid=$1
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || return 0
    # Graceful first; a server that hangs on shutdown must not keep the script alive.
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    stop_process "$OURS_PID"
    stop_process "$BASELINE_PID"
    pg_stop_disposable
    if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
        if (( rc != 0 && rc != 130 )); then
            log "server logs kept in $WORK_DIR"
        else
            rm -rf "$WORK_DIR"
        fi
    fi
    exit "$rc"
}

# Prints the HTTP status of a GET (000 when nothing answers).
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits until $2 answers 200. Returns 1 if the process $1 dies, 2 on a 404 (no such endpoint),
# 3 on time-out.
wait_healthy() {
    local pid=$1 url=$2 status deadline=$((SECONDS + READY_TIMEOUT))
    while (( SECONDS < deadline )); do
        kill -0 "$pid" 2>/dev/null || return 1
        status="$(http_status "$url")"
        [[ $status == 200 ]] && return 0
        [[ $status == 404 ]] && return 2
        sleep 0.5
    done
    return 3
}

# Starts a server in its own session, so a Ctrl-C on the terminal reaches only the load tool,
# and the servers keep answering while it finishes its requests and verifies.
start_server() {
    local name=$1; shift
    mkdir -p "$WORK_DIR/$name"
    (cd "$WORK_DIR/$name" && exec setsid "$@" >"$WORK_DIR/$name.log" 2>&1) &
    echo $!
}

# Prints "durable" when fsync, synchronous_commit and full_page_writes are all on, else "unsafe",
# as the running server reports them.
pg_durability() {
    local psql="$PG_BIN_DIR/psql" settings
    [[ -x $psql ]] || psql="$(command -v psql)" || die "psql was not found (needed to read the PostgreSQL settings back)."
    settings="$("$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
        "SELECT current_setting('fsync') || ',' || current_setting('synchronous_commit') || ',' || current_setting('full_page_writes')")"
    log "PostgreSQL fsync,synchronous_commit,full_page_writes = $settings"
    if [[ $settings == on,on,on ]]; then echo durable; else echo unsafe; fi
}

main() {
    cd "$REPO_ROOT"
    local arg
    for arg in "$@"; do
        if [[ $arg == --unsafe-fast-db ]]; then UNSAFE_FAST_DB=1; else LOAD_ARGS+=("$arg"); fi
    done
    [[ $UNSAFE_FAST_DB == 0 || $UNSAFE_FAST_DB == 1 ]] || die "MEMBERCARD_BENCH_UNSAFE_FAST_DB must be 0 or 1."
    command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH."
    command -v curl >/dev/null || die "curl is needed to wait for the servers' health endpoints."
    command -v setsid >/dev/null || die "setsid (util-linux) is needed to keep the servers out of Ctrl-C's reach."
    port_free "$OURS_PORT" || die "port $OURS_PORT is in use (set MEMBERCARD_BENCH_PORT)."

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/membercard-bench.XXXXXX")"

    log "building Release..."
    dotnet build src/MemberCard.Server/MemberCard.Server.csproj -c Release -nologo -v quiet >"$WORK_DIR/build.log" 2>&1 \
        || { tail -n 30 "$WORK_DIR/build.log" >&2; die "building the server failed (output above)."; }
    dotnet build src/MemberCard.Cli/MemberCard.Cli.csproj -c Release -nologo -v quiet >>"$WORK_DIR/build.log" 2>&1 \
        || { tail -n 30 "$WORK_DIR/build.log" >&2; die "building the load tool failed (output above)."; }
    if [[ -z ${MEMBERCARD_BENCH_BASELINE_DLL:-} && -f tests/MemberCard.Baseline/MemberCard.Baseline.csproj ]]; then
        dotnet build tests/MemberCard.Baseline/MemberCard.Baseline.csproj -c Release -nologo -v quiet >>"$WORK_DIR/build.log" 2>&1 \
            || { tail -n 30 "$WORK_DIR/build.log" >&2; die "building the baseline failed (output above)."; }
    fi

    # scripts/postgres.sh's switch; its own default (fast) is the test suite's.
    if (( UNSAFE_FAST_DB == 1 )); then
        MEMBERCARD_PG_DURABLE=0
        log "UNSAFE: PostgreSQL runs with fsync, synchronous_commit and full_page_writes off (--unsafe-fast-db); results are labelled 'unsafe: fsync off'."
    else
        MEMBERCARD_PG_DURABLE=1
    fi
    pg_start_disposable
    local durability
    durability="$(pg_durability)"
    [[ $durability == durable || $durability == unsafe ]] || die "could not read the PostgreSQL settings back."
    if [[ $durability == durable && $UNSAFE_FAST_DB == 1 ]] || [[ $durability == unsafe && $UNSAFE_FAST_DB == 0 ]]; then
        die "PostgreSQL runs $durability, which is not what was asked for."
    fi
    local createdb="$PG_BIN_DIR/createdb"
    [[ -x $createdb ]] || createdb="$(command -v createdb)" || die "createdb was not found."
    "$createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres membercard
    "$createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres membercard_baseline
    local ours_db="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=membercard;Pooling=true"
    local baseline_db="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=membercard_baseline;Pooling=true"

    OURS_PID="$(start_server ours env \
        Storage__Provider=postgres \
        Storage__Postgres__ConnectionString="$ours_db" \
        MEMBERCARD_BOOTSTRAP_API_KEY="$API_KEY" \
        RateLimiting__TokensPerSecond=1000000 \
        RateLimiting__Burst=1000000 \
        Logging__LogLevel__Default=Warning \
        dotnet "$REPO_ROOT/$SERVER_DLL" --urls "http://127.0.0.1:$OURS_PORT")"
    local targets=(--target "ours=http://127.0.0.1:$OURS_PORT")

    if [[ ! -f $BASELINE_DLL ]]; then
        log "the baseline is not built ($BASELINE_DLL is missing): measuring only our server."
    elif ! port_free "$BASELINE_PORT"; then
        die "port $BASELINE_PORT is in use (set MEMBERCARD_BENCH_BASELINE_PORT)."
    else
        BASELINE_PID="$(start_server baseline env \
            Baseline__ConnectionString="$baseline_db" \
            Baseline__ApiKey="$API_KEY" \
            Logging__LogLevel__Default=Warning \
            dotnet "$(realpath "$BASELINE_DLL")" --urls "http://127.0.0.1:$BASELINE_PORT")"
    fi

    local rc=0
    wait_healthy "$OURS_PID" "http://127.0.0.1:$OURS_PORT/health/ready" || rc=$?
    if (( rc != 0 )); then
        tail -n 40 "$WORK_DIR/ours.log" >&2 || true
        die "our server did not become ready on port $OURS_PORT (wait result $rc; log above)."
    fi
    log "our server is ready on 127.0.0.1:$OURS_PORT (PostgreSQL database membercard)"

    if [[ -n $BASELINE_PID ]]; then
        rc=0
        wait_healthy "$BASELINE_PID" "http://127.0.0.1:$BASELINE_PORT/health" || rc=$?
        if (( rc == 0 )); then
            log "the baseline is ready on 127.0.0.1:$BASELINE_PORT (PostgreSQL database membercard_baseline)"
            targets+=(--target "baseline=http://127.0.0.1:$BASELINE_PORT")
        elif (( rc == 2 )); then
            # The baseline project exists as a skeleton before it serves anything.
            log "the baseline answers 404 on /health (not implemented yet): measuring only our server."
            stop_process "$BASELINE_PID"
            BASELINE_PID=""
        else
            tail -n 40 "$WORK_DIR/baseline.log" >&2 || true
            die "the baseline did not become ready on port $BASELINE_PORT (wait result $rc; log above)."
        fi
    fi

    log "machine: $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); the load tool shares them with the servers and PostgreSQL"
    rc=0
    dotnet "$CLI_DLL" load "${targets[@]}" --api-key "$API_KEY" --database "$durability" ${LOAD_ARGS[@]+"${LOAD_ARGS[@]}"} || rc=$?
    return "$rc"
}

main "$@"
