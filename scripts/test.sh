#!/usr/bin/env bash
# Runs the whole test suite against a disposable PostgreSQL server.
#
#   bash scripts/test.sh                       # everything
#   bash scripts/test.sh --filter 'FullyQualifiedName~Card'
#
# Extra arguments go to `dotnet test`. If MEMBERCARD_TEST_POSTGRES is already set
# (Npgsql connection string), that server is used and none is started.
#
# Prints one summary line "N passed, N failed, N skipped" and exits non-zero if
# any test failed, the build or test run failed, or no tests ran at all.
# There is deliberately no "skip the database tests" mode, locally or with
# CI=true: if PostgreSQL cannot be started the run fails.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOLUTION="MemberCardOrleans.sln"

# shellcheck source=scripts/postgres.sh
source "$REPO_ROOT/scripts/postgres.sh"
# shellcheck source=scripts/console.sh
source "$REPO_ROOT/scripts/console.sh"

WORK_DIR=""   # holds results/ (the TRX files)

log() { printf 'test.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# On failure the TRX files are kept for debugging; otherwise everything goes.
cleanup() {
    local rc=$?
    pg_stop_disposable
    if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
        if (( rc != 0 )) && compgen -G "$WORK_DIR/results/*.trx" >/dev/null; then
            log "TRX files kept in $WORK_DIR/results"
        else
            rm -rf "$WORK_DIR"
        fi
    fi
    exit "$rc"
}

# Prints "passed failed skipped total trx_files" summed over all TRX files in $1.
# Each TRX has one <Counters .../> element; attributes are looked up by name, so
# their order does not matter. With xunit, skipped tests are counted in `total`
# but not in `executed` (notExecuted stays 0), hence skipped = total - executed.
sum_trx_counters() {
    local dir=$1 files=()
    shopt -s nullglob
    files=("$dir"/*.trx)
    shopt -u nullglob
    if (( ${#files[@]} == 0 )); then
        echo "0 0 0 0 0"
        return
    fi
    local f
    for f in "${files[@]}"; do
        # Join lines so the element is found even if a writer wraps its attributes.
        tr '\n\r' '  ' <"$f" | grep -o '<Counters[[:space:]][^>]*>' || true
    done | awk -v files="${#files[@]}" '
        function attr(name,   s) {
            if (match($0, "[ \t]" name "=\"[0-9]+\"")) {
                s = substr($0, RSTART, RLENGTH)
                gsub(/[^0-9]/, "", s)
                return s + 0
            }
            return 0
        }
        {
            passed  += attr("passed")
            failed  += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
            skipped += attr("total") - attr("executed")
            total   += attr("total")
        }
        END { printf "%d %d %d %d %d\n", passed, failed, skipped, total, files }'
}

main() {
    cd "$REPO_ROOT"
    command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH."
    [[ -f $SOLUTION ]] || die "$SOLUTION not found in $REPO_ROOT."

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    if [[ -n ${MEMBERCARD_TEST_POSTGRES:-} ]]; then
        log "using the PostgreSQL server from MEMBERCARD_TEST_POSTGRES"
    else
        pg_start_disposable
        export MEMBERCARD_TEST_POSTGRES="$PG_CONNECTION_STRING"
    fi

    # The admin console: Node.js builds it (inside the server's build), Chromium runs its browser tests.
    console_ensure_tools

    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/membercard-test.XXXXXX")"
    local results="$WORK_DIR/results"

    # Not `set -e`-fatal: a failing run must still be summarized.
    local dotnet_rc=0
    dotnet test "$SOLUTION" -c Release --logger "trx" --results-directory "$results" "$@" || dotnet_rc=$?
    # The console's Vitest tests (component and logic), counted through a TRX file like the .NET ones.
    local vitest_rc=0
    console_run_vitest "$results" || vitest_rc=$?

    local passed failed skipped total trx_files
    read -r passed failed skipped total trx_files < <(sum_trx_counters "$results")

    echo "$passed passed, $failed failed, $skipped skipped"

    local rc=0
    if (( dotnet_rc != 0 )); then
        log "dotnet test exited with code $dotnet_rc"
        rc=1
    fi
    if (( vitest_rc != 0 )); then
        log "vitest exited with code $vitest_rc"
        rc=1
    fi
    if (( trx_files == 0 )); then
        log "no TRX result files were produced (build failure or no test projects?)"
        rc=1
    elif (( total == 0 )); then
        log "no tests were found (empty test projects or a filter that matches nothing?)"
        rc=1
    fi
    (( failed == 0 )) || rc=1
    return "$rc"
}

main "$@"
