# Shared settings and helpers of bin/meternet. Sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VAR="${METERNET_VAR:-$ROOT/var}"
RUN="$VAR/run"
LOGS="$VAR/log"
PKI="$VAR/pki"
REFERENCE_DIR="${METERNET_REFERENCE_DATA_DIR:-$ROOT/data/reference}"

PG_HOST=127.0.0.1
PG_PORT="${METERNET_PG_PORT:-5432}"
BROKER_PORT="${METERNET_BROKER_PORT:-1884}"
BROKER_TLS_PORT="${METERNET_BROKER_TLS_PORT:-8883}"
TEST_BROKER_PORT=11884
TEST_BROKER_TLS_PORT=18883
KEYCLOAK_VERSION=26.7.3
KEYCLOAK_PORT=8180
KEYCLOAK_MGMT_PORT=9180
KEYCLOAK_URL="http://127.0.0.1:$KEYCLOAK_PORT"
KEYCLOAK_HOME="$VAR/keycloak/keycloak-$KEYCLOAK_VERSION"

# service name -> port; also the order they start in
SERVICES=(installation-service messaging-service reporting-service meter-gateway)
declare -A SERVICE_PORT=([meter-gateway]=8080 [installation-service]=8081 [messaging-service]=8082 [reporting-service]=8083)
# health and metrics: Quarkus's management interface, on the API port + 1000 (the benchmarks count on it)
declare -A MANAGEMENT_PORT=([meter-gateway]=9080 [installation-service]=9081 [messaging-service]=9082 [reporting-service]=9083)
declare -A SERVICE_DB=([meter-gateway]=meternet_gateway [installation-service]=meternet_installation
                       [messaging-service]=meternet_messaging [reporting-service]=meternet_reporting)

say()  { printf '\033[1m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

mvnw() { (cd "$ROOT" && ./mvnw -B -q "$@"); }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND... : polls COMMAND until it succeeds, with a progress line.
wait_for() {
  local what=$1 limit=$2; shift 2
  local start=$SECONDS next=$((SECONDS + 10))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start >= limit )); then
      return 1
    fi
    if (( SECONDS >= next )); then
      info "still waiting for $what ($((SECONDS - start)) s of at most $limit s)"
      next=$((SECONDS + 10))
    fi
    sleep 0.5
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile NAME PIDFILE: stops the process meternet recorded, never by name.
stop_pidfile() {
  local name=$1 pidfile=$2
  if pid_alive "$pidfile"; then
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    info "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

need_root_for_install() {
  if [[ $(id -u) -ne 0 ]]; then
    die "missing packages ($*) and not root: install them with apt-get, then run again"
  fi
}
