#!/usr/bin/env bash
# Load and failover through the one-machine cluster (scripts/cluster.sh up first), measured with wrk over TLS
# through nginx:
#   1. the output-cached listing (/arrangementer) and the uncached listing (/arrangementer?x=<unique>, every request
#      a new query string, so every request renders from the database), with two nodes and then with one;
#   2. failover: the uncached listing on two nodes while node 2 is killed with SIGKILL and started again. Prints the
#      failed requests (non-2xx/3xx answers and socket errors) and how many requests the restarted node answered
#      once it was back, which shows it rejoined without anyone touching nginx.
#
# Usage: scripts/loadtest.sh [--duration SECONDS] [--connections N] [--threads N]
#   defaults: 20 s per measurement, 16 connections, 2 threads; the failover run lasts from half that before the
#   kill until that long after the restarted node answers /health.
# Needs wrk (installed with apt-get when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER="$ROOT/scripts/cluster.sh"
LUA="$ROOT/scripts/loadtest/unique-query.lua"
DURATION=20
CONNECTIONS=16
THREADS=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done

[[ -f "$ROOT/.cluster/cluster.env" ]] || { echo "loadtest.sh: no cluster is up; run scripts/cluster.sh up first" >&2; exit 1; }
# shellcheck source=/dev/null
source "$ROOT/.cluster/cluster.env"
if ! command -v wrk >/dev/null 2>&1; then
  echo "==> Installing wrk"
  env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends wrk </dev/null
fi

BASE="https://localhost:$HTTPS_PORT"
ACCESS_LOG="$ROOT/.cluster/nginx/logs/access.log"
OUT="$(mktemp -d /tmp/campaign-loadtest.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT

# run_wrk NAME SECONDS PATH [lua]: runs wrk, keeps its output in $OUT/NAME.txt
run_wrk() {
  local name=$1 seconds=$2 path=$3 lua=${4:-}
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --latency --timeout 10s ${lua:+-s "$lua"} "$BASE$path" >"$OUT/$name.txt" 2>&1
}

# row LABEL NAME: one line of the table from wrk's output.
row() {
  local file="$OUT/$2.txt" rps p99 total non2xx socket
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$file")"
  p99="$(awk '$1 == "99%" {print $2}' "$file")"
  total="$(awk '/requests in/ {print $1}' "$file")"
  non2xx="$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$file")"
  socket="$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1+\2+\3+\4/p' "$file")"
  socket=$((${socket:-0}))
  printf '| %-52s | %9s | %8s | %8s | %6s | %6s |\n' "$1" "${rps:-?}" "${p99:-?}" "${total:-?}" "${non2xx:-0}" "$socket"
}

header() {
  printf '| %-52s | %9s | %8s | %8s | %6s | %6s |\n' "scenario (${CONNECTIONS} connections, ${DURATION} s)" "req/s" "p99" "requests" "non-2xx" "socket"
  printf '|%s|%s:|%s:|%s:|%s:|%s:|\n' "$(printf -- '-%.0s' {1..54})" "----------" "---------" "---------" "-------" "-------"
}

echo "==> $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $BASE"
curl -fsk -o /dev/null "$BASE/arrangementer" || { echo "loadtest.sh: $BASE/arrangementer does not answer" >&2; exit 1; }
"$CLUSTER" start 2 >/dev/null

# Warm both nodes (JIT, connection pools, the cached page) before measuring.
wrk -t 1 -c 4 -d 5s -s "$LUA" "$BASE/arrangementer" >/dev/null 2>&1
wrk -t 1 -c 4 -d 2s "$BASE/arrangementer" >/dev/null 2>&1

echo "==> two nodes"
run_wrk cached-2 "$DURATION" /arrangementer
run_wrk uncached-2 "$DURATION" /arrangementer "$LUA"

echo "==> one node (node 2 stopped)"
"$CLUSTER" stop 2 >/dev/null
run_wrk cached-1 "$DURATION" /arrangementer
run_wrk uncached-1 "$DURATION" /arrangementer "$LUA"
"$CLUSTER" start 2 >/dev/null
wrk -t 1 -c 4 -d 5s -s "$LUA" "$BASE/arrangementer" >/dev/null 2>&1

echo "==> failover: node 2 killed with SIGKILL mid-run, started again, and measured on until ${DURATION} s after it is back"
# wrk stops on SIGINT and prints what it measured until then; the duration is only an upper bound.
wrk -t "$THREADS" -c "$CONNECTIONS" -d 600s --latency --timeout 10s -s "$LUA" "$BASE/arrangementer" >"$OUT/failover.txt" 2>&1 &
WRK_PID=$!
sleep "$((DURATION / 2))"
"$CLUSTER" kill 2 >/dev/null
KILLED_AT=$(date +%s)
"$CLUSTER" start 2 >/dev/null
BACK_AT=$(date +%s)
sleep 1.5  # nginx flushes its access log every second
LOG_LINE=$(wc -l <"$ACCESS_LOG")
sleep "$DURATION"
kill -INT "$WRK_PID"
wait "$WRK_PID" || true
sleep 1.5
REJOINED=$(tail -n +"$((LOG_LINE + 1))" "$ACCESS_LOG" | grep -c "upstream=127.0.0.1:$NODE2_PORT" || true)
LATER=$(tail -n +"$((LOG_LINE + 1))" "$ACCESS_LOG" | grep -c . || true)

echo
header
row "cached /arrangementer, 2 nodes" cached-2
row "cached /arrangementer, 1 node" cached-1
row "uncached /arrangementer?x=..., 2 nodes" uncached-2
row "uncached /arrangementer?x=..., 1 node" uncached-1
row "uncached, 2 nodes, node 2 SIGKILLed and restarted" failover
echo
echo "node 2 was down for $((BACK_AT - KILLED_AT)) s (SIGKILL until its /health answered); in the ${DURATION} s after that it" \
  "answered $REJOINED of the $LATER requests nginx passed on."
