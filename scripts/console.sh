#!/usr/bin/env bash
# What the admin console's tests need (src/MemberCard.Console, tests/MemberCard.Console.Tests, docs/console.md).
#
# Sourced by scripts/test.sh:
#   console_ensure_tools      Node.js + npm (the server's build runs `npm ci` and the Vite build) and Debian's
#                             Chromium (/usr/bin/chromium, driven by Playwright); installed with apt-get when
#                             missing and run as root, else the run fails with what to install. Never skipped.
#   console_run_vitest DIR    runs the console's Vitest tests and writes their counts as DIR/console-vitest.trx,
#                             so the summary line counts them with the .NET tests.

CONSOLE_DIR="${REPO_ROOT:?}/src/MemberCard.Console"
CONSOLE_CHROMIUM=/usr/bin/chromium

console_log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
console_die() { console_log "ERROR: $*"; exit 1; }

console_apt_install() {
    command -v apt-get >/dev/null || console_die "apt-get is not available to install: $*"
    local log
    log="$(mktemp)"
    console_log "installing $* with apt-get (this takes a minute)..."
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        rm -f "$log"
        console_die "apt-get install $* failed (output above)."
    fi
    rm -f "$log"
}

console_ensure_tools() {
    local missing=()
    command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
    [[ -x $CONSOLE_CHROMIUM ]] || missing+=(chromium fonts-noto-cjk)
    (( ${#missing[@]} == 0 )) && return 0
    if (( EUID != 0 )); then
        console_log "the console tests need: ${missing[*]} (Node.js and npm build the console; Chromium runs its browser tests)."
        console_die "install them (Debian: sudo apt-get install ${missing[*]}) or run this script as root."
    fi
    console_apt_install "${missing[@]}"
    command -v node >/dev/null || console_die "node is still missing after installing nodejs."
    [[ -x $CONSOLE_CHROMIUM ]] || console_die "$CONSOLE_CHROMIUM is still missing after installing chromium."
}

# Sums a JUnit file's counts into a TRX <Counters> element (the format test.sh sums).
console_junit_to_trx() {
    local junit=$1 trx=$2
    tr '\n\r' '  ' <"$junit" | grep -o '<testsuite [^>]*>' | awk -v out="$trx" '
        function attr(name,   s) {
            if (match($0, "[ \t]" name "=\"[0-9]+\"")) { s = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); return s + 0 }
            return 0
        }
        { total += attr("tests"); failed += attr("failures") + attr("errors"); skipped += attr("skipped") }
        END {
            executed = total - skipped
            passed = executed - failed
            printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun name=\"console-vitest\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n" > out
            printf "  <ResultSummary outcome=\"%s\">\n    <Counters total=\"%d\" executed=\"%d\" passed=\"%d\" failed=\"%d\" error=\"0\" />\n  </ResultSummary>\n</TestRun>\n", (failed ? "Failed" : "Completed"), total, executed, passed, failed > out
        }'
}

console_run_vitest() {
    local results=$1 rc=0
    mkdir -p "$results"
    if [[ ! -d $CONSOLE_DIR/node_modules ]]; then
        (cd "$CONSOLE_DIR" && npm ci --no-audit --no-fund) || console_die "npm ci failed in $CONSOLE_DIR."
    fi
    rm -f "$CONSOLE_DIR/test-results/junit.xml"
    (cd "$CONSOLE_DIR" && npx vitest run) || rc=$?
    [[ -f $CONSOLE_DIR/test-results/junit.xml ]] || console_die "Vitest wrote no JUnit report (exit code $rc)."
    console_junit_to_trx "$CONSOLE_DIR/test-results/junit.xml" "$results/console-vitest.trx"
    return "$rc"
}
