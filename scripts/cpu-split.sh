#!/usr/bin/env bash
# How a load run's CPU splits between one server process and PostgreSQL.
#
#   bash scripts/cpu-split.sh <server-pid> <seconds>
#
# Samples utime+stime from /proc of the server and of every process the postgres user runs,
# before and after the window, and prints the CPU-seconds each used. Divide by the requests
# answered in the window for CPU per request (docs/benchmarks.md).
set -euo pipefail
pid=${1:?server pid}
window=${2:?seconds}
hz=$(getconf CLK_TCK)

ticks() {
    local sum=0 p
    for p in "$@"; do
        [[ -r /proc/$p/stat ]] && sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$sum"
}
postgres_pids() { pgrep -u postgres postgres | tr '\n' ' '; }

server_before=$(ticks "$pid")
pg_before=$(ticks $(postgres_pids))
sleep "$window"
server_after=$(ticks "$pid")
pg_after=$(ticks $(postgres_pids))
awk -v s=$((server_after - server_before)) -v p=$((pg_after - pg_before)) -v hz="$hz" -v w="$window" -v n="$(nproc)" \
    'BEGIN { printf "server %.2f CPU-s, postgres %.2f CPU-s in %d s on %d cores\n", s / hz, p / hz, w, n }'
