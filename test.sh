#!/usr/bin/env bash
# Builds Campaign.sln once and runs every test suite:
#   1. tests/Campaign.Tests on SQLite (all tests)
#   2. tests/Campaign.Tests on a throwaway PostgreSQL cluster (Category=Integration and Category=PostgreSql)
#   3. tests/Campaign.E2E (Playwright driving /usr/bin/chromium)
# Missing system packages (chromium, postgresql, libvips42, fonts-dejavu-core, redis-server) are installed with apt-get.
# The mail tests send to tests/smtp-sink (Node.js; nodejs and npm are installed when `node` is missing),
# started here on free loopback ports and stopped on exit, as is a throwaway redis-server (CAMPAIGN_TEST_REDIS).
# TRX files go to artifacts/test-results/. The last line printed is always "N passed, N failed, N skipped"
# (skipped counts tests that were skipped or not run). Exit code 0 only when nothing failed and at least one
# test passed. A suite that ran no test counts as failed (with --filter it is only reported), and a test that
# hangs longer than TEST_HANG_TIMEOUT (default 5m) is killed and fails the run.
#
# Usage:
#   ./test.sh                       everything
#   ./test.sh --filter Foo          pass a dotnet test --filter expression to every suite
#                                   (on the PostgreSQL suite it is combined with Category=Integration)
#   SKIP_E2E=1 ./test.sh            skip the browser suite (and the chromium install) for quick local runs;
#                                   refused when CI=true, as CI must run every suite
#   TEST_HANG_TIMEOUT=10m ./test.sh  how long one test may run before it is killed (dotnet test --blame-hang-timeout)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
RESULTS="$ROOT/artifacts/test-results"

FILTER=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --filter) [[ $# -ge 2 ]] || { echo "test.sh: --filter needs a value" >&2; exit 2; }; FILTER="$2"; shift 2 ;;
    --filter=*) FILTER="${1#--filter=}"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument '$1' (only --filter EXPR is supported)" >&2; exit 2 ;;
  esac
done

log() { printf '\n==> %s\n' "$*"; }

# Every way out of this script ends with the totals line CI reads.
give_up() { echo; echo "$1"; echo "0 passed, 1 failed, 0 skipped"; exit "${2:-1}"; }

is_true() { [[ "${1,,}" =~ ^(true|1|yes)$ ]]; }
SKIP_E2E="${SKIP_E2E:-}"
if is_true "${CI:-}" && [[ -n "$SKIP_E2E" && "$SKIP_E2E" != 0 ]]; then
  give_up "REFUSED: SKIP_E2E=$SKIP_E2E with CI=${CI}: CI runs every suite, the browser suite included. Unset SKIP_E2E." 2
fi
HANG_TIMEOUT="${TEST_HANG_TIMEOUT:-5m}"
[[ "$HANG_TIMEOUT" =~ ^[0-9]+(ms|s|m|h)?$ ]] || give_up "test.sh: TEST_HANG_TIMEOUT='$HANG_TIMEOUT' is not a duration such as 300s or 5m" 2

# ---------------------------------------------------------------- system packages
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "test.sh: need root or sudo to run: $*" >&2; return 1
  fi
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_packages() {
  local wanted=(postgresql libvips42 fonts-dejavu-core) missing=() p
  [[ "$SKIP_E2E" == 1 ]] || wanted=(chromium "${wanted[@]}")
  command -v node >/dev/null 2>&1 || wanted+=(nodejs npm)
  for p in "${wanted[@]}"; do
    if [[ $p == chromium ]] && command -v chromium >/dev/null 2>&1; then continue; fi
    pkg_installed "$p" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  log "Installing missing packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# ---------------------------------------------------------------- throwaway PostgreSQL
PG_TMP=""
PG_BIN=""
PG_PORT=""

as_pg() {
  # root may not run postgres; run the server tools as the postgres user then.
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_postgres() {
  if [[ -n "$PG_TMP" && -d "$PG_TMP" ]]; then
    if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
      (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" stop -m fast -w -t 20 >/dev/null 2>&1) ||
        (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" stop -m immediate -w -t 10 >/dev/null 2>&1) || true
    fi
    rm -rf "$PG_TMP"
  fi
}

start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -x "$PG_BIN/initdb" ]] || { echo "test.sh: no PostgreSQL binaries under /usr/lib/postgresql/*/bin" >&2; return 1; }

  PG_TMP="$(mktemp -d /tmp/campaign-pg.XXXXXX)"
  chmod 755 "$PG_TMP"
  mkdir -p "$PG_TMP/sock"
  [[ $EUID -ne 0 ]] || chown -R postgres: "$PG_TMP"

  log "Starting PostgreSQL ($("$PG_BIN/postgres" --version)) in $PG_TMP"
  (cd "$PG_TMP" && as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync) \
    >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  cat >"$PG_TMP/data/pg_hba.conf" <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
  cat >>"$PG_TMP/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP/sock'
max_connections = 200
fsync = off
full_page_writes = off
synchronous_commit = off
EOF

  local port attempt
  for attempt in $(seq 0 20); do
    port=$((55432 + attempt))
    port_in_use "$port" && continue
    if (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -o "-p $port" -w -t 30 start) >/dev/null 2>&1; then
      PG_PORT=$port
      break
    fi
    # Lost a race for the port (or another failure): show the log and try the next port.
    tail -n 5 "$PG_TMP/postgres.log" >&2 || true
  done
  [[ -n "$PG_PORT" ]] || { cat "$PG_TMP/postgres.log" >&2 2>/dev/null; echo "test.sh: PostgreSQL did not start" >&2; return 1; }

  local i
  for i in $(seq 1 30); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && { echo "PostgreSQL ready on 127.0.0.1:$PG_PORT"; return 0; }
    sleep 1
  done
  echo "test.sh: PostgreSQL on port $PG_PORT never became ready" >&2
  return 1
}

# ---------------------------------------------------------------- throwaway Redis (issue 11: shared cache and rate limits)
# A redis-server on a free loopback port, without persistence, in its own folder; the tests find it in
# CAMPAIGN_TEST_REDIS (127.0.0.1:PORT). Tests that kill Redis mid-run start a private one of their own.
REDIS_TMP=""
REDIS_PID=""

stop_redis() {
  if [[ -n "$REDIS_PID" ]] && kill -0 "$REDIS_PID" 2>/dev/null; then
    kill "$REDIS_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$REDIS_PID" 2>/dev/null || true
  fi
  [[ -z "$REDIS_TMP" ]] || rm -rf "$REDIS_TMP"
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    log "Installing missing packages: redis-server"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    # The package's own service is not wanted (and cannot start without an init system): only the binary is used.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server </dev/null ||
      command -v redis-server >/dev/null 2>&1 || return 1
  fi
  REDIS_TMP="$(mktemp -d /tmp/campaign-redis.XXXXXX)"
  local port attempt i
  for attempt in $(seq 0 20); do
    port=$((56379 + attempt))
    port_in_use "$port" && continue
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDIS_TMP" \
      --daemonize no --logfile "$REDIS_TMP/redis.log" </dev/null >/dev/null 2>&1 &
    REDIS_PID=$!
    for i in $(seq 1 50); do
      if port_in_use "$port"; then
        export CAMPAIGN_TEST_REDIS="127.0.0.1:$port"
        echo "Redis ($(redis-server --version | cut -d' ' -f3)) ready on $CAMPAIGN_TEST_REDIS"
        return 0
      fi
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.1
    done
    # Lost a race for the port: show the log and try the next one.
    tail -n 5 "$REDIS_TMP/redis.log" >&2 2>/dev/null || true
    kill "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
  done
  echo "test.sh: redis-server did not start" >&2
  return 1
}
# ---------------------------------------------------------------- end of throwaway Redis

# ---------------------------------------------------------------- SMTP sink for the mail tests
SINK_PID=""
SINK_TMP=""

stop_smtp_sink() {
  if [[ -n "$SINK_PID" ]] && kill -0 "$SINK_PID" 2>/dev/null; then
    kill "$SINK_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 20); do kill -0 "$SINK_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SINK_PID" 2>/dev/null || true
  fi
  [[ -z "$SINK_TMP" ]] || rm -rf "$SINK_TMP"
}

# Starts tests/smtp-sink on ports the OS picks and exports where the tests find it. Accepted mail is kept
# as JSON in artifacts/mail/ for a look after the run.
start_smtp_sink() {
  local dir="$ROOT/tests/smtp-sink"
  command -v node >/dev/null 2>&1 || { echo "test.sh: node is not installed" >&2; return 1; }
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    log "Installing the SMTP sink's packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) </dev/null || return 1
  fi
  SINK_TMP="$(mktemp -d /tmp/campaign-smtp-sink.XXXXXX)"
  rm -rf "$ROOT/artifacts/mail"
  SMTP_SINK_PORT=0 SMTP_SINK_HTTP_PORT=0 SMTP_SINK_DIR="$ROOT/artifacts/mail" SMTP_SINK_READY_FILE="$SINK_TMP/ready.json" \
    SMTP_SINK_PARENT_PID=$$ node "$dir/server.js" >"$SINK_TMP/sink.log" 2>&1 </dev/null &
  SINK_PID=$!
  local i
  for i in $(seq 1 100); do
    if [[ -f "$SINK_TMP/ready.json" ]]; then
      CAMPAIGN_TEST_SMTP_PORT="$(sed -n 's/.*"smtpPort":\([0-9]*\).*/\1/p' "$SINK_TMP/ready.json")"
      local http_port
      http_port="$(sed -n 's/.*"httpPort":\([0-9]*\).*/\1/p' "$SINK_TMP/ready.json")"
      export CAMPAIGN_TEST_SMTP_PORT CAMPAIGN_TEST_SMTP_URL="http://127.0.0.1:$http_port/" CAMPAIGN_TEST_SMTP_DIR="$ROOT/artifacts/mail"
      echo "SMTP sink ready: smtp 127.0.0.1:$CAMPAIGN_TEST_SMTP_PORT, API $CAMPAIGN_TEST_SMTP_URL"
      return 0
    fi
    kill -0 "$SINK_PID" 2>/dev/null || break
    sleep 0.2
  done
  cat "$SINK_TMP/sink.log" >&2
  return 1
}

cleanup() {
  stop_smtp_sink
  stop_postgres
  stop_redis  # throwaway Redis (issue 11)
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- build
build() {
  local attempt out
  out="$(mktemp)"
  for attempt in 1 2 3 4 5; do
    if dotnet build Campaign.sln -c Release -nologo -v q 2>&1 | tee "$out"; then
      rm -f "$out"; return 0
    fi
    # Another build in the same tree may hold files open; wait and retry.
    if ((attempt < 5)) && grep -qE 'MSB3026|MSB3027|MSB3021|being used by another process' "$out"; then
      echo "Build failed on locked files; retrying in 20 s (attempt $attempt)"; sleep 20; continue
    fi
    break
  done
  rm -f "$out"
  return 1
}

# ---------------------------------------------------------------- suites
SUMMARY=()
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0

# counter NAME ATTRS: reads attribute NAME from a <Counters .../> element.
counter() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -n 1; }

# run_suite LABEL TRXNAME PROJECT [env args...]  (the caller passes the suite's environment as `env ...`)
run_suite() {
  local label="$1" trx="$2" project="$3"; shift 3
  local file="$RESULTS/$trx.trx" output="$RESULTS/$trx.log" rc=0 passed=0 failed=0 skipped=0 total executed counters note=""
  rm -f "$file" "$output"
  log "Suite: $label"
  # --blame-hang-timeout kills a test host whose current test has run longer than HANG_TIMEOUT, so a hang
  # costs minutes, not CI's whole time budget; no dump is written (it would be gigabytes).
  "$@" dotnet test "$project" -c Release --no-build -v q \
    --logger "console;verbosity=minimal" \
    --logger "trx;LogFileName=$trx.trx" \
    --results-directory "$RESULTS" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
    ${SUITE_FILTER:+--filter "$SUITE_FILTER"} </dev/null 2>&1 | tee "$output" || rc=$?  # pipefail: dotnet's code

  if [[ -f "$file" ]] && counters="$(grep -o '<Counters [^>]*>' "$file" | head -n 1)" && [[ -n "$counters" ]]; then
    passed="$(counter passed "$counters")"; passed="${passed:-0}"
    total="$(counter total "$counters")"; total="${total:-0}"
    executed="$(counter executed "$counters")"; executed="${executed:-0}"
    local k v
    for k in failed error timeout aborted; do
      v="$(counter "$k" "$counters")"; failed=$((failed + ${v:-0}))
    done
    # Skipped and not-run tests are in total but not executed. After an abort the TRX counts nothing, so the
    # abort itself is counted as a failure below.
    skipped=$((total - executed))
    if grep -q 'The active test run was aborted' "$output"; then
      local hung
      hung="$( (grep -A1 'The test running when the crash occurred' "$output" || true) | tail -n 1 | tr -d '\r')"
      failed=$((failed + 1)); note=" (run aborted: a test hung past $HANG_TIMEOUT or crashed the test host${hung:+: $hung}; counted as 1 failed)"
    elif ((rc != 0 && failed == 0)); then
      failed=1; note=" (dotnet test exited $rc though the TRX shows no failure; counted as 1 failed)"
    elif ((passed + failed == 0)); then
      if [[ -n "$FILTER" ]]; then
        note=" (no test matched the filter)"
      else
        failed=1; note=" (the suite ran no test; counted as 1 failed)"
      fi
    fi
  else
    failed=1; note=" (no TRX written, dotnet test exited $rc: suite crashed; counted as 1 failed)"
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
  SUMMARY+=("$(printf '%-42s %5d passed, %d failed, %d skipped%s' "$label" "$passed" "$failed" "$skipped" "$note")")
}

# ---------------------------------------------------------------- main
setup_failed() { give_up "SETUP FAILED: $1"; }
install_packages || setup_failed "could not install the system packages"
start_postgres || setup_failed "could not start PostgreSQL (its log is shown above)"
start_smtp_sink || setup_failed "could not start the SMTP sink in tests/smtp-sink (its log is shown above)"
start_redis || setup_failed "could not start redis-server (throwaway Redis, issue 11)"

log "Building Campaign.sln (Release)"
build || give_up "BUILD FAILED: dotnet build Campaign.sln -c Release (see the errors above)"

mkdir -p "$RESULTS"

# Tests that only mean something with PostgreSQL (several app nodes sharing one database) carry
# Category=PostgreSql and run only in the PostgreSQL suite.
SUITE_FILTER="Category!=PostgreSql${FILTER:+&($FILTER)}"
run_suite "Campaign.Tests (SQLite)" campaign-tests-sqlite tests/Campaign.Tests/Campaign.Tests.csproj \
  env -u CAMPAIGN_TEST_DATABASE -u CAMPAIGN_TEST_POSTGRES

SUITE_FILTER="(Category=Integration|Category=PostgreSql)${FILTER:+&($FILTER)}"
run_suite "Campaign.Tests (PostgreSQL, Integration)" campaign-tests-postgres tests/Campaign.Tests/Campaign.Tests.csproj \
  env CAMPAIGN_TEST_DATABASE=PostgreSql "CAMPAIGN_TEST_POSTGRES=Host=127.0.0.1;Port=$PG_PORT;Username=postgres"

if [[ "$SKIP_E2E" == 1 ]]; then
  SUMMARY+=("$(printf '%-42s skipped (SKIP_E2E=1)' "Campaign.E2E (Chromium)")")
else
  SUITE_FILTER="$FILTER"
  run_suite "Campaign.E2E (Chromium)" campaign-e2e tests/Campaign.E2E/Campaign.E2E.csproj \
    env CHROMIUM_PATH=/usr/bin/chromium
fi

log "Summary (TRX files in ${RESULTS#"$ROOT"/})"
printf '  %s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
((TOTAL_FAILED == 0 && TOTAL_PASSED > 0))
