#!/usr/bin/env bash
# Rolling restart under load: HAProxy in front of 3 silos on one durable PostgreSQL, `membercard load` running
# through HAProxy, and each silo in turn taken out of HAProxy, stopped gracefully (SIGTERM), started again and put
# back. The run passes when no request failed (no 5xx, no transport error) and the ledgers verify.
#
#   bash scripts/rolling-restart.sh                        # 200 tills, 2000 cards, 180 s of load
#   bash scripts/rolling-restart.sh --clients 100 --duration 120s
#   bash scripts/rolling-restart.sh --no-drain             # SIGTERM only: rely on the silo's own draining
#
# What it does, in order:
#   1. checks that haproxy, dotnet, curl and setsid are there (it installs nothing: `apt-get install haproxy` if
#      haproxy is missing) and that every port it needs on 127.0.0.1 is free;
#   2. builds the server and the load tool in Release;
#   3. starts a throwaway PostgreSQL (scripts/postgres.sh) with fsync, synchronous_commit and full_page_writes on,
#      as scripts/bench.sh does, and checks them read back;
#   4. starts 3 silos (one cluster, Orleans' default membership timings), each with its own REST, silo and gateway
#      port, the first alone so that it applies the migrations;
#   5. starts HAProxy with a config generated into the work dir: the REST port balanced over the 3 silos, health
#      check GET /health/ready every 500 ms (fall 1, rise 2), a failed connection retried on another silo;
#   6. runs `membercard load` against HAProxy for --duration, and once its round has run for a while, restarts
#      the silos one after the other (restart_silo below);
#   7. prints the load tool's summary and verification, a table of how long each silo took, and HAProxy's counters.
#
# Taking a silo out of HAProxy first (`set server silos/sN state drain` on HAProxy's runtime API, then waiting until
# HAProxy has no request on it) is what makes the restart clean: the silo's own draining (docs/operations.md,
# "Shutdown") starts when the SIGTERM arrives, and requests HAProxy sends before its next health check sees the silo
# gone would meet a closing server. --no-drain skips that step, to measure the difference (docs/benchmarks.md,
# "Rolling restart under load").
#
# Everything is on 127.0.0.1 and stops by itself: the load is bounded by --duration, and HAProxy, the silos and
# PostgreSQL are stopped on exit, Ctrl-C included (the load tool is sent SIGTERM first, so that it finishes its
# requests in flight and verifies; in the one Ctrl-C test its summary was not printed: docs/benchmarks.md). HAProxy's runtime API listens on a loopback TCP port for the length of the run.
#
# Options: --clients N (200), --cards N (2000), --duration D (180s: must cover the whole rotation), --pause S
# (seconds between two silos, 5), --no-drain; any other argument goes to `membercard load`.
# Ports: MEMBERCARD_ROLLING_PORT (HAProxy, default 5180); silo N (1..3) uses REST port+N, silo port 11180+N and
# gateway port 30180+N; the runtime API port+9.
# Exit code: 0 only when every silo restarted, no request failed and the verification passed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HAPROXY_PORT="${MEMBERCARD_ROLLING_PORT:-5180}"
ADMIN_PORT=$((HAPROXY_PORT + 9))
SILO_PORT_BASE=11180
GATEWAY_PORT_BASE=30180
SILOS=(1 2 3)
API_KEY="rolling-key"
CLUSTER_ID="rolling"

READY_TIMEOUT=120   # seconds for a silo to answer /health/ready; a first start on a busy 2-core machine is slow
STOP_TIMEOUT=60     # seconds for a silo to exit after SIGTERM
DRAIN_TIMEOUT=30    # seconds for HAProxy's requests on a drained silo to end
STEADY_SECONDS=15   # load before the first restart, so the cluster is warm and every silo busy

SERVER_DLL="src/MemberCard.Server/bin/Release/net10.0/MemberCard.Server.dll"
CLI_DLL="src/MemberCard.Cli/bin/Release/net10.0/membercard.dll"

# shellcheck source=scripts/postgres.sh
source "$REPO_ROOT/scripts/postgres.sh"

CLIENTS=200
CARDS=2000
DURATION=180s
PAUSE=5
DRAIN=1
LOAD_ARGS=()

WORK_DIR=""
DB_CONNECTION=""
HAPROXY_PID=""
LOAD_PID=""
LOAD_LOG=""
declare -A SILO_PIDS=()
RESULTS=()        # one line per restarted silo, for the final table

log() { printf 'rolling-restart.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Milliseconds since the epoch, from bash's own clock (no date fork in the timing loops).
now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }

# Seconds between two now_ms values, with two decimals.
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1000 }'; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true; }

rest_port() { echo $((HAPROXY_PORT + $1)); }

parse_args() {
    while (($# > 0)); do
        case $1 in
            --clients) CLIENTS=${2:?--clients needs a number}; shift 2 ;;
            --cards) CARDS=${2:?--cards needs a number}; shift 2 ;;
            --duration) DURATION=${2:?--duration needs a value such as 180s}; shift 2 ;;
            --pause) PAUSE=${2:?--pause needs seconds}; shift 2 ;;
            --no-drain) DRAIN=0; shift ;;
            *) LOAD_ARGS+=("$1"); shift ;;
        esac
    done
    [[ $PAUSE =~ ^[0-9]+$ ]] || die "--pause must be whole seconds."
}

check_tools() {
    command -v haproxy >/dev/null || die "haproxy is not installed; on Debian: sudo apt-get install haproxy (this script installs nothing)."
    command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH."
    command -v curl >/dev/null || die "curl is needed to wait for the silos' /health/ready."
    command -v setsid >/dev/null || die "setsid (util-linux) is needed to keep the servers out of Ctrl-C's reach."
    local port i
    for port in "$HAPROXY_PORT" "$ADMIN_PORT"; do
        port_free "$port" || die "port $port is in use (set MEMBERCARD_ROLLING_PORT)."
    done
    for i in "${SILOS[@]}"; do
        for port in "$(rest_port "$i")" $((SILO_PORT_BASE + i)) $((GATEWAY_PORT_BASE + i)); do
            port_free "$port" || die "port $port (silo $i) is in use (set MEMBERCARD_ROLLING_PORT for the REST ports)."
        done
    done
}

build() {
    log "building Release..."
    dotnet build src/MemberCard.Server/MemberCard.Server.csproj -c Release -nologo -v quiet >"$WORK_DIR/build.log" 2>&1 \
        || { tail -n 30 "$WORK_DIR/build.log" >&2; die "building the server failed (output above)."; }
    dotnet build src/MemberCard.Cli/MemberCard.Cli.csproj -c Release -nologo -v quiet >>"$WORK_DIR/build.log" 2>&1 \
        || { tail -n 30 "$WORK_DIR/build.log" >&2; die "building the load tool failed (output above)."; }
}

# A durable PostgreSQL, as bench.sh starts it; the settings are read back rather than trusted.
start_database() {
    MEMBERCARD_PG_DURABLE=1
    pg_start_disposable
    local psql="$PG_BIN_DIR/psql" createdb="$PG_BIN_DIR/createdb" settings
    [[ -x $psql ]] || psql="$(command -v psql)" || die "psql was not found."
    [[ -x $createdb ]] || createdb="$(command -v createdb)" || die "createdb was not found."
    settings="$("$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
        "SELECT current_setting('fsync') || ',' || current_setting('synchronous_commit') || ',' || current_setting('full_page_writes')")"
    log "PostgreSQL fsync,synchronous_commit,full_page_writes = $settings"
    [[ $settings == on,on,on ]] || die "PostgreSQL is not durable ($settings)."
    "$createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres membercard
    # 3 silos share the server's 300 connections (scripts/postgres.sh), and each silo opens at least 3 pools on this
    # string (grain storage, projections, Orleans' ADO.NET clustering and reminders): 9 pools of at most 30. With 80 a
    # silo's pools grew past the limit as grains moved during a restart ("53300: sorry, too many clients already").
    # A full pool makes a request wait for a connection, not fail.
    DB_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=membercard;Pooling=true;Maximum Pool Size=30"
}

# Starts silo $1 in its own session (a Ctrl-C on the terminal reaches only this script and the load tool); its log
# is appended to across restarts, each start marked.
start_silo() {
    local i=$1
    mkdir -p "$WORK_DIR/s$i"
    printf '=== rolling-restart.sh: start at %s ===\n' "$(date -u +%T)" >>"$WORK_DIR/s$i.log"
    (cd "$WORK_DIR/s$i" && exec setsid env \
        Storage__Provider=postgres \
        Storage__Postgres__ConnectionString="$DB_CONNECTION" \
        Cluster__ClusterId="$CLUSTER_ID" \
        Cluster__SiloPort=$((SILO_PORT_BASE + i)) \
        Cluster__GatewayPort=$((GATEWAY_PORT_BASE + i)) \
        MEMBERCARD_BOOTSTRAP_API_KEY="$API_KEY" \
        RateLimiting__TokensPerSecond=1000000 \
        RateLimiting__Burst=1000000 \
        Logging__LogLevel__Default=Warning \
        dotnet "$REPO_ROOT/$SERVER_DLL" --urls "http://127.0.0.1:$(rest_port "$i")" >>"$WORK_DIR/s$i.log" 2>&1) &
    SILO_PIDS[$i]=$!
}

# Waits until silo $1 answers 200 on /health/ready (Active in the membership, database answering, migrations applied).
wait_silo_ready() {
    local i=$1 deadline=$((SECONDS + READY_TIMEOUT))
    while ((SECONDS < deadline)); do
        kill -0 "${SILO_PIDS[$i]}" 2>/dev/null || { tail -n 30 "$WORK_DIR/s$i.log" >&2; die "silo $i exited while starting (log above)."; }
        [[ $(http_status "http://127.0.0.1:$(rest_port "$i")/health/ready") == 200 ]] && return 0
        sleep 0.2
    done
    tail -n 30 "$WORK_DIR/s$i.log" >&2
    die "silo $i was not ready within ${READY_TIMEOUT}s (log above)."
}

# The loopback variant of deploy/haproxy/haproxy.cfg: the same check and retry rules, faster check intervals, and
# the runtime API the rotation drives.
write_haproxy_config() {
    local i
    {
        cat <<EOF
# Generated by scripts/rolling-restart.sh for one run; the loopback variant of deploy/haproxy/haproxy.cfg.
global
    log stdout format raw local0
    # Runtime API (set server ... state drain|ready, show stat): loopback only, for the length of the run.
    stats socket ipv4@127.0.0.1:$ADMIN_PORT level admin

defaults
    mode http
    log global
    option httplog
    # Only what went wrong (errors, retries, redispatches) is logged, not every request.
    option dontlog-normal
    timeout connect 2s
    # A check answered late is a busy silo, not a gone one (that one refuses the connection at once): without this,
    # the check times out after inter (500 ms) and, with fall 1, a loaded silo leaves the rotation.
    timeout check 2s
    timeout client 60s
    timeout server 60s
    # A refused connection (a silo that has just stopped listening) is retried, each time on another silo. Only a
    # failed connection is retried: a request that reached a silo is never sent twice.
    retries 3
    option redispatch 1
    retry-on conn-failure

frontend rest
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend silos

backend silos
    balance leastconn
    option httpchk
    http-check send meth GET uri /health/ready
    http-check expect status 200
    # A silo leaves the rotation at its first failed check and comes back after two good ones.
    default-server check inter 500ms fall 1 rise 2
EOF
        for i in "${SILOS[@]}"; do
            printf '    server s%s 127.0.0.1:%s\n' "$i" "$(rest_port "$i")"
        done
    } >"$WORK_DIR/haproxy.cfg"
}

start_haproxy() {
    write_haproxy_config
    haproxy -c -q -f "$WORK_DIR/haproxy.cfg" || die "HAProxy refused the generated config ($WORK_DIR/haproxy.cfg)."
    (exec setsid haproxy -db -f "$WORK_DIR/haproxy.cfg" >>"$WORK_DIR/haproxy.log" 2>&1) &
    HAPROXY_PID=$!
    local i
    for i in "${SILOS[@]}"; do wait_haproxy_state "$i" 2 20 || die "HAProxy does not see silo $i up (log: $WORK_DIR/haproxy.log)."; done
    log "HAProxy $(haproxy -v | awk 'NR == 1 { print $3 }') on 127.0.0.1:$HAPROXY_PORT, balancing over silos 1-3"
}

# Sends one command to HAProxy's runtime API and prints the answer (bash's /dev/tcp: no socat needed).
haproxy_cmd() {
    local fd
    exec {fd}<>"/dev/tcp/127.0.0.1/$ADMIN_PORT" || return 1
    printf '%s\n' "$1" >&"$fd"
    cat <&"$fd"
    exec {fd}>&-
}

# Prints field $2 (a `show servers state` column, e.g. srv_op_state) of server s$1.
server_state_field() {
    haproxy_cmd "show servers state silos" | awk -v srv="s$1" -v field="$2" '
        /^# be_id/ { for (i = 2; i <= NF; i++) column[$i] = i - 1; next }
        $4 == srv && (field in column) { print $(column[field]) }'
}

# Prints field $2 (a `show stat` CSV column, e.g. scur) of row $1 (a server, or BACKEND) of the silos backend.
stat_field() {
    haproxy_cmd "show stat" | awk -F, -v row="$1" -v field="$2" '
        /^# / { sub(/^# /, ""); for (i = 1; i <= NF; i++) column[$i] = i; next }
        $1 == "silos" && $2 == row && (field in column) { print $(column[field]) }'
}

# Waits until HAProxy's operational state of silo $1 is $2 (0 stopped, 2 running: its checks pass); $3 seconds at most.
wait_haproxy_state() {
    local i=$1 wanted=$2 deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do
        [[ $(server_state_field "$i" srv_op_state 2>/dev/null) == "$wanted" ]] && return 0
        sleep 0.1
    done
    return 1
}

# Waits until HAProxy has no request in flight on silo s$1 (and none queued for it).
wait_no_requests() {
    local i=$1 deadline=$((SECONDS + DRAIN_TIMEOUT))
    while ((SECONDS < deadline)); do
        [[ $(stat_field "s$i" scur) == 0 && $(stat_field "s$i" qcur) == 0 ]] && return 0
        sleep 0.05
    done
    return 1
}

load_running() { [[ -n $LOAD_PID ]] && kill -0 "$LOAD_PID" 2>/dev/null; }

# One silo: out of HAProxy (unless --no-drain), SIGTERM, wait for its exit, start, ready, back in HAProxy.
restart_silo() {
    local i=$1 pid=${SILO_PIDS[$1]} t0 t_drained t_term t_exit t_ready t_up rc=0 drained="-"
    t0=$(now_ms)
    if ((DRAIN == 1)); then
        haproxy_cmd "set server silos/s$i state drain" >/dev/null
        wait_no_requests "$i" || die "HAProxy still had requests on silo $i ${DRAIN_TIMEOUT}s after draining it."
        drained=$(seconds_between "$t0" "$(now_ms)")
    fi
    t_term=$(now_ms)
    kill -TERM "$pid"
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        ((SECONDS < deadline)) || die "silo $i did not exit within ${STOP_TIMEOUT}s of SIGTERM (log: $WORK_DIR/s$i.log)."
        sleep 0.05
    done
    wait "$pid" || rc=$?
    t_exit=$(now_ms)
    ((rc == 0)) || die "silo $i exited with code $rc after SIGTERM (log: $WORK_DIR/s$i.log)."
    log "silo $i: $( ((DRAIN == 1)) && echo "drained in ${drained}s" || echo "not drained"), exited 0 $(seconds_between "$t_term" "$t_exit")s after SIGTERM; starting it again"

    start_silo "$i"
    wait_silo_ready "$i"
    t_ready=$(now_ms)
    # Still drained in HAProxy: its checks have seen it come back; now it may take requests again.
    ((DRAIN == 1)) && haproxy_cmd "set server silos/s$i state ready" >/dev/null
    wait_haproxy_state "$i" 2 30 || die "HAProxy did not see silo $i up within 30s of it answering ready."
    t_up=$(now_ms)
    log "silo $i: ready $(seconds_between "$t_exit" "$t_ready")s after its start, up in HAProxy $(seconds_between "$t_ready" "$t_up")s later"
    RESULTS+=("$(printf '%-5s %10s %12s %12s %12s %10s' "s$i" "$drained" \
        "$(seconds_between "$t_term" "$t_exit")" "$(seconds_between "$t_exit" "$t_ready")" \
        "$(seconds_between "$t_ready" "$t_up")" "$(seconds_between "$t0" "$t_up")")")
}

# The load tool's lines, prefixed, up to the end of its round; the rest is read and dropped (so tee never blocks):
# the summary is printed once, at the end. A read loop rather than awk, whose input buffering (mawk) delays lines.
show_load_output() {
    local line
    while IFS= read -r line; do
        [[ $line == "rolling round 1/1: "* ]] && break
        printf '  load | %s\n' "$line"
    done
    cat >/dev/null
}

# Starts `membercard load` in the background; its output goes to load.log and through show_load_output.
start_load() {
    LOAD_LOG="$WORK_DIR/load.log"
    dotnet "$CLI_DLL" load --target "rolling=http://127.0.0.1:$HAPROXY_PORT" --api-key "$API_KEY" --database durable \
        --clients "$CLIENTS" --cards "$CARDS" --duration "$DURATION" --rounds 1 --verify-sample 0 --settle 0 \
        ${LOAD_ARGS[@]+"${LOAD_ARGS[@]}"} \
        > >(tee "$LOAD_LOG" | show_load_output >&2) 2>&1 &
    LOAD_PID=$!
}

# Waits until the load tool's round has started (its first progress line), then STEADY_SECONDS more.
wait_round_started() {
    while ! grep -q '^rolling round 1/1 ' "$LOAD_LOG" 2>/dev/null; do
        load_running || die "the load tool ended before its round started (output above)."
        sleep 0.5
    done
    log "the load is running; first restart in ${STEADY_SECONDS}s"
    sleep "$STEADY_SECONDS"
}

rotate() {
    local i
    for i in "${SILOS[@]}"; do
        load_running || die "the load ended before silo $i was restarted: give a longer --duration."
        restart_silo "$i"
        sleep "$PAUSE"
    done
    load_running || die "the load ended before the rotation finished: give a longer --duration."
    log "all 3 silos restarted; the load runs to the end of --duration"
}

print_results() {
    printf '\nrolling restart (%s), seconds:\n' "$( ((DRAIN == 1)) && echo "drained in HAProxy first" || echo "no drain: SIGTERM only")"
    printf '%-5s %10s %12s %12s %12s %10s\n' silo drained 'term->exit' 'start->ready' 'ready->up' total
    printf '%s\n' "${RESULTS[@]}"
    printf '\nHAProxy counters (backend silos):\n'
    haproxy_cmd "show stat" | awk -F, '
        /^# / { sub(/^# /, ""); for (i = 1; i <= NF; i++) c[$i] = i
                printf "%-8s %9s %6s %6s %6s %7s %9s\n", "row", "sessions", "econ", "eresp", "wretr", "wredis", "http 5xx"; next }
        $1 == "silos" { printf "%-8s %9s %6s %6s %6s %7s %9s\n", $2, $(c["stot"]), $(c["econ"]), $(c["eresp"]), $(c["wretr"]), $(c["wredis"]), $(c["hrsp_5xx"]) }'
    printf '\nHAProxy server state changes:\n'
    grep '^Server silos/' "$WORK_DIR/haproxy.log" | sed 's/^/  /' || true
    # With dontlog-normal, a request is logged only when something went wrong (an error, a retry, a redispatch).
    local requests
    requests=$(grep -c -E '^127\.0\.0\.1:[0-9]+ \[' "$WORK_DIR/haproxy.log" || true)
    printf '\nHAProxy request log (only requests with an error, retry or redispatch are logged): %s line(s)\n' "$requests"
    grep -E '^127\.0\.0\.1:[0-9]+ \[' "$WORK_DIR/haproxy.log" | head -n 20 | sed 's/^/  /' || true
    local i
    printf '\nsilo logs, warnings and errors (fail:, crit:) over the whole run:\n'
    for i in "${SILOS[@]}"; do
        printf '  s%s: %s warn, %s fail, %s crit\n' "$i" "$(grep -c '^warn:' "$WORK_DIR/s$i.log" || true)" \
            "$(grep -c '^fail:' "$WORK_DIR/s$i.log" || true)" "$(grep -c '^crit:' "$WORK_DIR/s$i.log" || true)"
        # Which categories: Orleans' own notices on shutdown are expected (docs/cluster.md); anything else is not.
        grep -h -E '^(warn|fail|crit):' "$WORK_DIR/s$i.log" | sort | uniq -c | sort -rn | sed 's/^/      /' || true
    done
}

stop_process() {
    local pid=$1 wait_steps=${2:-100} n
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || return 0
    # Graceful first; a process that hangs must not keep the script alive.
    for ((n = 0; n < wait_steps; n++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$? i
    trap - EXIT
    # A second Ctrl-C must not leave silos, HAProxy or PostgreSQL running: the stops below are bounded anyway.
    trap '' INT TERM
    # The load tool first (SIGTERM: it finishes its requests in flight, verifies and prints), while the silos answer.
    if load_running; then
        log "stopping the load tool (it verifies the ledgers first)..."
        stop_process "$LOAD_PID" 600
        sleep 0.5   # the tee of its output
        sed -n '/^rolling round 1\/1: /,$p' "$LOAD_LOG"
    fi
    for i in "${!SILO_PIDS[@]}"; do stop_process "${SILO_PIDS[$i]}" 50; done
    stop_process "$HAPROXY_PID" 25
    pg_stop_disposable
    if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
        if ((rc != 0 && rc != 130)); then log "logs kept in $WORK_DIR"; else rm -rf "$WORK_DIR"; fi
    fi
    exit "$rc"
}

main() {
    cd "$REPO_ROOT"
    parse_args "$@"
    check_tools
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/membercard-rolling.XXXXXX")"

    build
    start_database
    # The first silo alone: it applies the migrations; the other two join the cluster it has formed.
    start_silo 1
    wait_silo_ready 1
    start_silo 2
    start_silo 3
    wait_silo_ready 2
    wait_silo_ready 3
    log "3 silos ready (REST 127.0.0.1:$(rest_port 1)-$(rest_port 3), silo ports $((SILO_PORT_BASE + 1))-$((SILO_PORT_BASE + 3)), gateways $((GATEWAY_PORT_BASE + 1))-$((GATEWAY_PORT_BASE + 3)))"
    start_haproxy

    log "machine: $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg); the load tool, HAProxy, the silos and PostgreSQL share them"
    log "load: $CLIENTS tills, $CARDS cards, $DURATION through HAProxy; rotation: $( ((DRAIN == 1)) && echo "drain in HAProxy, then SIGTERM" || echo "SIGTERM only (--no-drain)")"
    start_load
    wait_round_started
    rotate

    local rc=0
    wait "$LOAD_PID" || rc=$?
    LOAD_PID=""
    sleep 0.5   # the tee of the load tool's output
    printf '\n===== membercard load: summary =====\n'
    sed -n '/^rolling round 1\/1: /,$p' "$LOAD_LOG"
    print_results
    if ((rc != 0)); then
        log "FAIL: the load tool exited with $rc (failed requests or verification, above)."
        return "$rc"
    fi
    log "PASS: 3 silos restarted in turn under load, 0 failed requests, verification passed."
}

main "$@"
