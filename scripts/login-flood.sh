#!/usr/bin/env bash
# Log-in flood vs tills (docs/benchmarks.md, "Log-in flood"): starts one server on a fresh SQLite directory at a free
# loopback port, runs `membercard login-flood` against it (quiet phase, then flood phase), stops the server.
# The per-address lock-out and the per-IP token bucket are set out of the way, as for a flood from many addresses,
# so only the password-hashing budget stands between the flood and the tills; ONE_ADDRESS=1 keeps both at their
# defaults instead (a flood from one address). Extra arguments go to login-flood.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_ROOT"
WORK_DIR="$(mktemp -d)"
API_KEY="flood-admin-key-$RANDOM$RANDOM"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT

dotnet build src/MemberCard.Server/MemberCard.Server.csproj -c Release -nologo -v quiet >"$WORK_DIR/build.log" 2>&1 || { cat "$WORK_DIR/build.log"; exit 1; }
dotnet build src/MemberCard.Cli/MemberCard.Cli.csproj -c Release -nologo -v quiet >>"$WORK_DIR/build.log" 2>&1 || { cat "$WORK_DIR/build.log"; exit 1; }

if [[ "${ONE_ADDRESS:-0}" == 1 ]]; then per_address=20 per_second=2000 burst=4000; else per_address=100000000 per_second=100000000 burst=100000000; fi
(cd src/MemberCard.Server && \
    ASPNETCORE_ENVIRONMENT=Production \
    MEMBERCARD_BOOTSTRAP_API_KEY="$API_KEY" \
    Storage__Provider=sqlite \
    Storage__Sqlite__DataDirectory="$WORK_DIR/data" \
    Auth__FailedLoginsPerAddress="$per_address" \
    RateLimiting__TokensPerSecond="$per_second" \
    RateLimiting__Burst="$burst" \
    Logging__LogLevel__Default=Warning \
    exec dotnet bin/Release/net10.0/MemberCard.Server.dll --urls "http://127.0.0.1:$PORT") >"$WORK_DIR/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK_DIR/server.log"; exit 1; }
    sleep 0.5
done
echo "server at http://127.0.0.1:$PORT (pid $server_pid), load average $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
dotnet src/MemberCard.Cli/bin/Release/net10.0/membercard.dll login-flood --target "http://127.0.0.1:$PORT" --api-key "$API_KEY" "$@" || rc=$?
grep -ciE "fail|exception" "$WORK_DIR/server.log" | sed 's/^/server log lines with fail or exception: /'
exit $rc
