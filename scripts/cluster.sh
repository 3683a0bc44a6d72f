#!/usr/bin/env bash
# A one-machine cluster for development and load tests: the topology compose.yaml describes for real hosts.
#
#   PostgreSQL (a throwaway cluster of Debian's postgresql, loopback)  ─┐
#   redis-server (loopback, nothing saved to disk)                     ├─ node 1, node 2 (Campaign.Web published,
#   shared media folder                                                ─┘   Production, each its own home and
#                                                                            content root, plain HTTP on loopback,
#                                                                            Prometheus metrics on a port of its own)
#   nginx: TLS with a self-signed certificate made at start, load balancing the two nodes with passive health
#   checks and retrying only idempotent requests (deploy/nginx/campaign.conf.template, shared with compose.yaml)
#
# Usage:
#   scripts/cluster.sh up          install what is missing (apt-get), publish the app, start everything, print the address
#   scripts/cluster.sh down        stop everything and delete the state (database, media, keys, logs)
#   scripts/cluster.sh status      what runs, on which port, and each node's /health
#   scripts/cluster.sh stop N      stop node N (1 or 2) with SIGTERM; nginx routes around it
#   scripts/cluster.sh kill N      stop node N with SIGKILL, as a crash would
#   scripts/cluster.sh start N     start node N again; nginx takes it back by itself (returns once nginx will have,
#                                  so "stop 1; start 1; stop 2; start 2" is a rolling restart without failed requests)
#
# Environment:
#   CLUSTER_HTTPS_PORT   nginx's port (default 8443)
#   CLUSTER_NO_PUBLISH=1 reuse the last published app in .cluster/app instead of publishing again
#   CLUSTER_DEMO_DATA    Seed:DemoData for the nodes (default true: 360 upcoming events)
#   Smtp__Host, Smtp__Port, Admin__Email, Admin__Password ... and any other app setting in the environment reach
#   both nodes unchanged.
# State (pids, ports, logs, the database, media) lives in .cluster/ at the repository root (gitignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.cluster"
ENV_FILE="$STATE/cluster.env"
TEMPLATE="$ROOT/deploy/nginx/campaign.conf.template"

log() { printf '==> %s\n' "$*"; }
die() { echo "cluster.sh: $*" >&2; exit 1; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root or sudo to run: $*"
  fi
}

# root may not run postgres; run the server tools as the postgres user then.
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port=$1
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_packages() {
  local wanted=(postgresql redis-server nginx openssl gettext-base curl libvips42) missing=() p
  for p in "${wanted[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  log "Installing missing packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

pid_of() { head -n 1 "$1" 2>/dev/null; }
alive() { [[ -f "$1" ]] && kill -0 "$(pid_of "$1")" 2>/dev/null; }

load_state() {
  [[ -f "$ENV_FILE" ]] || die "no cluster is up (no $ENV_FILE); run scripts/cluster.sh up"
  # shellcheck source=/dev/null
  source "$ENV_FILE"
}

# ---------------------------------------------------------------- PostgreSQL
start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -x "$PG_BIN/initdb" ]] || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin"
  # The postgres user must reach its data directory; the repository may sit where it cannot, so the data lives in
  # /tmp and .cluster/ remembers where.
  PG_DIR="$(mktemp -d /tmp/campaign-cluster-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  mkdir -p "$PG_DIR/sock"
  [[ $EUID -ne 0 ]] || chown -R postgres: "$PG_DIR"
  (cd "$PG_DIR" && as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync) \
    >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
  cat >"$PG_DIR/data/pg_hba.conf" <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
  cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR/sock'
max_connections = 300
EOF
  PG_PORT="$(free_port 56432)"
  (cd "$PG_DIR" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -o "-p $PG_PORT" -w -t 30 start) >/dev/null \
    || { tail -n 20 "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

stop_postgres() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]] || return 0
  if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
    (cd "$PG_DIR" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m fast -w -t 20 >/dev/null 2>&1) ||
      (cd "$PG_DIR" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate -w -t 10 >/dev/null 2>&1) || true
  fi
  rm -rf "$PG_DIR"
}

# ---------------------------------------------------------------- Redis
start_redis() {
  REDIS_PORT="$(free_port 56379)"
  mkdir -p "$STATE/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
    --dir "$STATE/redis" --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log" >/dev/null
  local i
  for i in $(seq 1 50); do
    [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && break
    sleep 0.1
  done
  log "redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
  alive "$STATE/redis/redis.pid" || return 0
  local pid; pid="$(pid_of "$STATE/redis/redis.pid")"
  kill "$pid" 2>/dev/null || true
  wait_gone "$pid" 50
}

wait_gone() {
  local pid=$1 tenths=$2 i
  for i in $(seq 1 "$tenths"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- app nodes
publish_app() {
  if [[ "${CLUSTER_NO_PUBLISH:-}" == 1 && -f "$STATE/app/Campaign.Web.dll" ]]; then return 0; fi
  log "Publishing src/Campaign.Web (Release) to .cluster/app"
  dotnet publish "$ROOT/src/Campaign.Web/Campaign.Web.csproj" -c Release -o "$STATE/app" -nologo -v q -p:UseAppHost=false >"$STATE/publish.log" 2>&1 \
    || { tail -n 30 "$STATE/publish.log" >&2; die "dotnet publish failed (log: .cluster/publish.log)"; }
}

node_port() { if [[ $1 == 1 ]]; then echo "$NODE1_PORT"; else echo "$NODE2_PORT"; fi; }
metrics_port() { if [[ $1 == 1 ]]; then echo "$METRICS1_PORT"; else echo "$METRICS2_PORT"; fi; }

start_node() {
  local n=$1 port dir
  port="$(node_port "$n")"
  dir="$STATE/node$n"
  alive "$dir/pid" && { echo "node $n already runs (pid $(pid_of "$dir/pid"))"; return 0; }
  port_in_use "$port" && die "port $port for node $n is taken by another process"
  mkdir -p "$dir/home" "$dir/content"
  rm -f "$dir/pid"
  # Each node has its own content root and home (where a node keeps what is its own, as a container would);
  # the published app is shared, and wwwroot/ and uSync/ are found at the repository root.
  cp "$STATE/app/appsettings.json" "$dir/content/"
  # setsid: the node outlives this script and the terminal it ran in; it writes its own pid before becoming dotnet.
  (
    cd "$dir/content"
    HOME="$dir/home" \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Database__Provider=PostgreSql \
    ConnectionStrings__Campaign="Host=127.0.0.1;Port=$PG_PORT;Database=campaign;Username=postgres;Maximum Pool Size=50" \
    ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
    Media__Root="$STATE/media" \
    Proxy__KnownProxies__0=127.0.0.1 \
    Site__BaseUrl="https://localhost:$HTTPS_PORT" \
    Seed__DemoData="${CLUSTER_DEMO_DATA:-true}" \
    Metrics__Port="$(metrics_port "$n")" \
    setsid -f bash -c 'echo $$ >"$0"; exec "$@"' "$dir/pid" \
      dotnet "$STATE/app/Campaign.Web.dll" --contentRoot "$dir/content" >>"$dir/node.log" 2>&1 </dev/null
  )
  local i
  for i in $(seq 1 50); do [[ -s "$dir/pid" ]] && break; sleep 0.1; done
  for i in $(seq 1 240); do
    if curl -fsS -o /dev/null -H "Host: localhost" "http://127.0.0.1:$port/health" 2>/dev/null; then
      log "node $n on http://127.0.0.1:$port (pid $(pid_of "$dir/pid"), log .cluster/node$n/node.log)"
      # nginx tried the node while it was down and left it out for fail_timeout (5 s); only after that does it take
      # the node back. Returning earlier would let a rolling restart stop the other node while nginx still counts
      # this one as down: then both are, and nginx answers 502 until the 5 s are over.
      if alive "$STATE/nginx/nginx.pid"; then sleep 6; fi
      return 0
    fi
    alive "$dir/pid" || { tail -n 30 "$dir/node.log" >&2; die "node $n exited during start"; }
    sleep 0.5
  done
  tail -n 30 "$dir/node.log" >&2
  die "node $n did not answer /health within 2 minutes"
}

stop_node() {
  local n=$1 signal=${2:-TERM} pidfile="$STATE/node$1/pid" pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid="$(pid_of "$pidfile")"
  kill "-$signal" "$pid" 2>/dev/null || true
  wait_gone "$pid" 250
  rm -f "$pidfile"
}

# ---------------------------------------------------------------- nginx
start_nginx() {
  local dir="$STATE/nginx"
  mkdir -p "$dir/tmp" "$dir/logs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || die "openssl could not make the certificate"
  CAMPAIGN_NODE_1="127.0.0.1:$NODE1_PORT" CAMPAIGN_NODE_2="127.0.0.1:$NODE2_PORT" CAMPAIGN_HTTPS_PORT="$HTTPS_PORT" \
    CAMPAIGN_TLS_CERT="$dir/cert.pem" CAMPAIGN_TLS_KEY="$dir/key.pem" \
    envsubst '${CAMPAIGN_NODE_1} ${CAMPAIGN_NODE_2} ${CAMPAIGN_HTTPS_PORT} ${CAMPAIGN_TLS_CERT} ${CAMPAIGN_TLS_KEY}' \
    <"$TEMPLATE" >"$dir/campaign.conf"
  # What the nginx image's own nginx.conf gives compose.yaml: the http block around the shared server config.
  # The access log names the node that answered each request, so the load test can see a restarted node rejoin.
  cat >"$dir/nginx.conf" <<EOF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    log_format upstream '\$time_iso8601 \$status \$request_method "\$request_uri" upstream=\$upstream_addr upstream_status=\$upstream_status';
    access_log $dir/logs/access.log upstream buffer=64k flush=1s;
    include $dir/campaign.conf;
}
EOF
  nginx -t -q -p "$dir" -c "$dir/nginx.conf" || die "nginx rejected the configuration in .cluster/nginx/"
  nginx -p "$dir" -c "$dir/nginx.conf"
  log "nginx $(nginx -v 2>&1 | sed 's|.*/||') on https://localhost:$HTTPS_PORT (self-signed certificate .cluster/nginx/cert.pem)"
}

stop_nginx() {
  alive "$STATE/nginx/nginx.pid" || return 0
  local pid; pid="$(pid_of "$STATE/nginx/nginx.pid")"
  nginx -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -s quit 2>/dev/null || kill "$pid" 2>/dev/null || true
  wait_gone "$pid" 100
}

# ---------------------------------------------------------------- commands
cmd_up() {
  [[ ! -f "$ENV_FILE" ]] || die "a cluster is already up (scripts/cluster.sh status; scripts/cluster.sh down first)"
  install_packages
  mkdir -p "$STATE/media"
  publish_app
  HTTPS_PORT="${CLUSTER_HTTPS_PORT:-8443}"
  port_in_use "$HTTPS_PORT" && die "port $HTTPS_PORT is taken; set CLUSTER_HTTPS_PORT"
  # If anything below fails, take down what already started.
  trap 'echo "cluster.sh: start failed; stopping what started" >&2; cmd_down >/dev/null 2>&1 || true' EXIT
  start_postgres
  start_redis
  NODE1_PORT="$(free_port 5101)"
  NODE2_PORT="$(free_port $((NODE1_PORT + 1)))"
  METRICS1_PORT="$(free_port 9464)"
  METRICS2_PORT="$(free_port $((METRICS1_PORT + 1)))"
  cat >"$ENV_FILE" <<EOF
PG_BIN=$PG_BIN
PG_DIR=$PG_DIR
PG_PORT=$PG_PORT
REDIS_PORT=$REDIS_PORT
NODE1_PORT=$NODE1_PORT
NODE2_PORT=$NODE2_PORT
METRICS1_PORT=$METRICS1_PORT
METRICS2_PORT=$METRICS2_PORT
HTTPS_PORT=$HTTPS_PORT
EOF
  # One after the other: the first applies the schema and imports the content, the second finds it done.
  start_node 1
  start_node 2
  start_nginx
  trap - EXIT
  echo
  echo "https://localhost:$HTTPS_PORT/"
}

cmd_down() {
  [[ -f "$ENV_FILE" ]] || { echo "no cluster is up"; return 0; }
  load_state
  stop_nginx
  stop_node 1
  stop_node 2
  stop_redis
  stop_postgres
  rm -rf "$STATE/node1" "$STATE/node2" "$STATE/redis" "$STATE/nginx" "$STATE/media" "$ENV_FILE"
  log "cluster stopped; its state is deleted (the published app stays in .cluster/app)"
}

show() { if alive "$2"; then printf '  %-11s runs   (pid %s) %s\n' "$1" "$(pid_of "$2")" "$3"; else printf '  %-11s DOWN   %s\n' "$1" "$3"; fi; }

cmd_status() {
  load_state
  show nginx "$STATE/nginx/nginx.pid" "https://localhost:$HTTPS_PORT/"
  local n port health
  for n in 1 2; do
    port="$(node_port "$n")"
    health="$(curl -sS -m 5 -H "Host: localhost" "http://127.0.0.1:$port/health" 2>/dev/null || true)"
    show "node $n" "$STATE/node$n/pid" "http://127.0.0.1:$port/ health: ${health:-no answer}, metrics: http://127.0.0.1:$(metrics_port "$n")/metrics"
  done
  show redis "$STATE/redis/redis.pid" "127.0.0.1:$REDIS_PORT"
  show postgresql "$PG_DIR/data/postmaster.pid" "127.0.0.1:$PG_PORT"
}

node_arg() { [[ "${1:-}" =~ ^[12]$ ]] || die "name the node: 1 or 2"; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  start) node_arg "${2:-}"; load_state; start_node "$2" ;;
  stop) node_arg "${2:-}"; load_state; stop_node "$2" TERM; log "node $2 stopped" ;;
  kill) node_arg "${2:-}"; load_state; stop_node "$2" KILL; log "node $2 killed" ;;
  *) sed -n '2,27p' "$0"; exit 2 ;;
esac
