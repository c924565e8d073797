#!/usr/bin/env bash
# Campaign issuance benchmark: seed N members with `membercard seed-members` (PostgreSQL COPY), start one silo on
# that database, run a campaign to every member, and report time to issue, issue rate, the silo's peak memory and
# POS latency (purchases and lookups from one till) while issuance runs.
#
#   MEMBERCARD_POSTGRES='Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres' \
#     bash scripts/campaign-bench.sh [members=1000000] [partitions=4] [ratePerSecond=0]
#
# BATCH (default 500) sets Campaigns__BatchSize, the members each partition reads per write.
# CONN_EXTRA is appended to the silo's and the seeder's connection string (e.g. 'SSL Mode=Disable' on loopback).
# MEMBERCARD_POSTGRES names a server and a database to connect to first; the script creates (and at the end drops)
# its own database campaign_bench_<pid> there. Needs psql, curl, jq. Results go to stdout and to
# $OUT (default /tmp/campaign-bench-<pid>.txt).
set -euo pipefail

MEMBERS=${1:-1000000}
PARTITIONS=${2:-4}
RATE=${3:-0}
PORT=${PORT:-5181}
KEY=campaign-bench-key-0123456789
OUT=${OUT:-/tmp/campaign-bench-$$.txt}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${MEMBERCARD_POSTGRES:?set MEMBERCARD_POSTGRES to an Npgsql connection string}"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT"; }

# Npgsql connection string → psql URI pieces.
field() { tr ';' '\n' <<<"$MEMBERCARD_POSTGRES" | awk -F= -v k="$1" 'tolower($1)==tolower(k){print $2}'; }
PGHOST=$(field Host); PGPORT=$(field Port); PGUSER=$(field Username); PGPASSWORD=$(field Password)
export PGHOST PGPORT="${PGPORT:-5432}" PGUSER PGPASSWORD
DB=campaign_bench_$$
psql -q -d "$(field Database)" -c "CREATE DATABASE $DB" >/dev/null
CONN="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;${PGPASSWORD:+Password=$PGPASSWORD;}Database=$DB;${CONN_EXTRA:-}"

SERVER_PID=""
cleanup() {
    [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    psql -q -d "$(field Database)" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT

log "building (Release)"
dotnet build "$ROOT/src/MemberCard.Server" -c Release -v q >/dev/null
dotnet build "$ROOT/src/MemberCard.Cli" -c Release -v q >/dev/null
CLI="$ROOT/src/MemberCard.Cli/bin/Release/net10.0/membercard.dll"
SERVER="$ROOT/src/MemberCard.Server/bin/Release/net10.0/MemberCard.Server.dll"

log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
log "seeding $MEMBERS members"
SEED_START=$(date +%s.%N)
dotnet "$CLI" seed-members --postgres "$CONN" --count "$MEMBERS" --store S001 --phone-prefix 170 | tail -1 | tee -a "$OUT"
log "seeded in $(echo "$(date +%s.%N) - $SEED_START" | bc) s"

log "starting the silo on port $PORT"
MEMBERCARD_BOOTSTRAP_API_KEY=$KEY Storage__Provider=postgres Storage__Postgres__ConnectionString="$CONN" \
    RateLimiting__TokensPerSecond=100000 RateLimiting__Burst=100000 Campaigns__BatchSize="${BATCH:-500}" \
    bash -c 'cd "$(dirname "$0")" && exec dotnet "$0" "$@"' "$SERVER" --urls "http://127.0.0.1:$PORT" >/tmp/campaign-bench-server-$$.log 2>&1 &
SERVER_PID=$!
API="http://127.0.0.1:$PORT/api/v1"
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
H=(-H "X-Api-Key: $KEY" -H "Content-Type: application/json")
curl -fs "${H[@]}" -d '{"storeId":"S001","name":"Bench"}' "$API/stores" >/dev/null
# A seeded member must be found by phone and read back by the member grain (decrypts, masks).
log "seeded member by phone: $(curl -fs "${H[@]}" -d '{"phone":"17000000007"}' "$API/members/lookup" | jq -c '{memberId,phone,tier,storeId}')"
MEMBER=$(curl -fs "${H[@]}" -d '{"phone":"16900000000","name":"Till","storeId":"S001"}' "$API/members" | jq -r .memberId)
CARD=$(curl -fs "${H[@]}" -d '{}' "$API/members/$MEMBER/cards" | jq -r .cardNo)
curl -fs "${H[@]}" -H "Idempotency-Key: bench-topup" -d '{"amount":100000,"storeId":"S001"}' "$API/cards/$CARD/top-ups" >/dev/null

CAMPAIGN=$(curl -fs "${H[@]}" -d "{\"name\":\"Bench\",\"kind\":\"fixed\",\"amountOff\":500,\"validDaysAfterIssue\":30,\"partitions\":$PARTITIONS,\"ratePerSecond\":$RATE}" \
    "$API/campaigns" | jq -r .campaignId)
log "campaign $CAMPAIGN: $PARTITIONS partitions, rate ${RATE:-0}/s (0 = unthrottled)"

# One till: a purchase and a lookup at a time, into $1 until the file $2 exists.
till() {
    local n=0
    while [[ ! -e $2 ]]; do
        n=$((n + 1))
        curl -s -o /dev/null -w '%{time_total}\n' "${H[@]}" -d "{\"orderNo\":\"B-$3-$n\",\"storeId\":\"S001\",\"amount\":1,\"balanceAmount\":1}" \
            "$API/cards/$CARD/purchases" >>"$1"
        curl -s -o /dev/null -w '%{time_total}\n' "${H[@]}" "$API/cards/$CARD" >>"$1"
    done
}
percentiles() {
    sort -n "$2" | awk -v what="$1" '{a[NR]=$1} END {if (NR==0) exit; printf "RESULT POS latency %s: n=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms\n", what, NR, a[int((NR-1)*0.50)+1]*1000, a[int((NR-1)*0.95)+1]*1000, a[int((NR-1)*0.99)+1]*1000, a[NR]*1000}' | tee -a "$OUT"
}

# The same till for IDLE seconds (default 10) with nothing else running: the latency to compare with.
IDLE_LAT=/tmp/campaign-bench-idle-$$.txt
: >"$IDLE_LAT"
till "$IDLE_LAT" /tmp/campaign-bench-idle-stop-$$ idle &
IDLE_PID=$!
sleep "${IDLE:-10}"; touch /tmp/campaign-bench-idle-stop-$$; wait "$IDLE_PID" || true; rm -f /tmp/campaign-bench-idle-stop-$$

LAT=/tmp/campaign-bench-latency-$$.txt
: >"$LAT"
till "$LAT" /tmp/campaign-bench-stop-$$ issue &
TILL_PID=$!

START=$(date +%s.%N)
curl -fs "${H[@]}" -X POST "$API/campaigns/$CAMPAIGN/start" >/dev/null
while true; do
    P=$(curl -fs "${H[@]}" "$API/campaigns/$CAMPAIGN/progress")
    log "progress $(jq -c '{state,scanned,targeted,issued,rate,etaSeconds}' <<<"$P") rss=$(awk '/VmRSS/{print $2" kB"}' /proc/$SERVER_PID/status)"
    [[ $(jq -r .state <<<"$P") == active ]] && break
    sleep 0.5
done
END=$(date +%s.%N)
touch /tmp/campaign-bench-stop-$$; wait "$TILL_PID" || true; rm -f /tmp/campaign-bench-stop-$$

ISSUED=$(jq -r .issued <<<"$P")
SECONDS_TAKEN=$(echo "$END - $START" | bc)
log "RESULT members=$MEMBERS issued=$ISSUED time=${SECONDS_TAKEN}s rate=$(echo "$ISSUED / $SECONDS_TAKEN" | bc)/s"
log "RESULT silo peak memory (VmHWM): $(awk '/VmHWM/{print $2" kB"}' /proc/$SERVER_PID/status)"
percentiles "with no issuance (idle)" "$IDLE_LAT"
percentiles "during issuance" "$LAT"
psql -At -d "$DB" -c "SELECT 'RESULT coupons stored: ' || count(*) || ', members with exactly one: ' || (SELECT count(*) FROM (SELECT 1 FROM claims WHERE scope='coupon-issue' GROUP BY split_part(claim_key,'/',2) HAVING count(*)=1) x) FROM claims WHERE scope='coupon-code'" | tee -a "$OUT"
