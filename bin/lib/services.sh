# Building and running the four services as separate processes (the packaged jars).

jar_of() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# Builds when a jar is missing or any source is newer than it; returns 0 when it built.
build_if_needed() {
  local s stale=0
  for s in "${SERVICES[@]}" simulator; do
    local marker; marker=$( [[ $s == simulator ]] && echo "$ROOT/simulator/target/simulator.jar" || jar_of "$s")
    if [[ ! -f "$marker" ]] || [[ -n $(find "$ROOT/platform/src" "$ROOT/$s/src" "$ROOT/pom.xml" "$ROOT/$s/pom.xml" -newer "$marker" -type f -print -quit) ]]; then
      stale=1
    fi
  done
  if ((stale)); then
    say "building meternet (./mvnw install -DskipTests)"
    local t=$SECONDS
    mvnw install -DskipTests
    info "built in $((SECONDS - t)) s"
    return 0
  fi
  return 1
}

# reporting-service holds the roll-out cube in memory (about 60 MB at 4,000,000 meters, more while it loads);
# METERNET_HEAP (e.g. 256m) overrides it for whatever is started with it set
heap_of() {
  if [[ -n ${METERNET_HEAP:-} ]]; then echo "$METERNET_HEAP"; return; fi
  [[ $1 == reporting-service ]] && echo 1g || echo 512m
}

# The initial heap: 256m, or the whole heap when METERNET_HEAP sets a smaller one (the JVM refuses -Xms above -Xmx).
heap_start_of() {
  local max; max=$(heap_of "$1")
  local n=${max%[kKmMgG]} unit=${max: -1} mb
  case $unit in [kK]) mb=$((n / 1024)) ;; [mM]) mb=$n ;; [gG]) mb=$((n * 1024)) ;; *) mb=$((max / 1048576)) ;; esac
  if ((mb < 256)); then echo "$max"; else echo 256m; fi
}

# Why a service's process is gone, from its log: "died of java.lang.OutOfMemoryError: Java heap space" (services run
# with -XX:+ExitOnOutOfMemoryError, which prints the error as it exits), else "exited".
death_reason() {
  local oom
  oom=$(grep -o 'java\.lang\.OutOfMemoryError[:A-Za-z0-9 ]*' "$LOGS/$1.log" 2>/dev/null | tail -1 | sed 's/ *$//')
  if [[ -n $oom ]]; then echo "died of $oom"; else echo "exited"; fi
}

service_env() {
  local s=$1
  local account="meternet-${s%-service}"; account=${account/meternet-meter-gateway/meternet-gateway}
  echo "QUARKUS_HTTP_PORT=${SERVICE_PORT[$s]}"
  echo "METERNET_REFERENCE_DATA_DIR=$REFERENCE_DIR"
  echo "METERNET_MQTT_PORT=$BROKER_PORT"
  echo "METERNET_MQTT_USERNAME=$account"
  echo "METERNET_MQTT_PASSWORD=dev-$account"
  echo "METERNET_DB_NAME=${SERVICE_DB[$s]}"
  echo "METERNET_CA_KEYSTORE=$PKI/device-ca.p12"
  echo "METERNET_CA_KEYSTORE_PASSWORD=dev-device-ca"
  echo "METERNET_CA_CRL_FILE=$PKI/device-ca.crl"
  echo "METERNET_OIDC_URL=$KEYCLOAK_URL/realms/meternet"
}

service_ready() { curl -fsS "http://127.0.0.1:${MANAGEMENT_PORT[$1]}/q/health/ready" >/dev/null; }
# stops waiting as soon as the service is ready or its process is gone
service_ready_or_gone() { service_ready "$1" || ! pid_alive "$RUN/$1.pid"; }

# services_start [SERVICE...]: the given services, or all four.
services_start() {
  local s wanted=("$@")
  ((${#wanted[@]})) || wanted=("${SERVICES[@]}")
  for s in "${wanted[@]}"; do
    if pid_alive "$RUN/$s.pid"; then
      info "$s already running (pid $(cat "$RUN/$s.pid"))"
      continue
    fi
    if port_open "${SERVICE_PORT[$s]}"; then die "port ${SERVICE_PORT[$s]} for $s is taken by a process meternet did not start"; fi
    if port_open "${MANAGEMENT_PORT[$s]}"; then die "management port ${MANAGEMENT_PORT[$s]} for $s is taken by a process meternet did not start"; fi
    [[ -f $(jar_of "$s") ]] || die "$(jar_of "$s") is missing: build first"
    (
      set -a
      # shellcheck disable=SC1090
      source <(service_env "$s")
      set +a
      cd "$ROOT"
      # ZGC: sub-millisecond pauses; with G1 the p99 of a 200/s API was its young-collection pauses. A service out of
      # memory exits (and says so in its log) rather than living on deaf
      setsid java "-Xms$(heap_start_of "$s")" "-Xmx$(heap_of "$s")" -XX:+UseZGC -XX:+ExitOnOutOfMemoryError -jar "$(jar_of "$s")" >"$LOGS/$s.log" 2>&1 < /dev/null &
      echo $! > "$RUN/$s.pid"
    )
    info "started $s (pid $(cat "$RUN/$s.pid"), log $LOGS/$s.log)"
  done
  for s in "${wanted[@]}"; do
    wait_for "$s" 120 service_ready_or_gone "$s" || true
    if ! pid_alive "$RUN/$s.pid"; then tail -30 "$LOGS/$s.log" >&2; die "$s $(death_reason "$s") while starting; its log: $LOGS/$s.log"; fi
    service_ready "$s" || { tail -30 "$LOGS/$s.log" >&2; die "$s did not become ready; see $LOGS/$s.log"; }
  done
  say "services ready"
}

services_stop() {
  local s
  for s in meter-gateway reporting-service messaging-service installation-service; do
    stop_pidfile "$s" "$RUN/$s.pid"
  done
}

# service_kill SERVICE: SIGKILL of the recorded pid, as a crash would end it (no shutdown hook, no goodbye to the
# broker); the pid file goes with it.
service_kill() {
  local s=$1 pidfile="$RUN/$1.pid"
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    warn "$s is not running"
    return 0
  fi
  local pid; pid=$(cat "$pidfile")
  kill -9 "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
  info "killed $s (pid $pid) with SIGKILL; pid file removed"
}

print_urls() {
  cat <<TXT

  meter-gateway         http://127.0.0.1:8080/api/v1   (OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui)
  installation-service  http://127.0.0.1:8081
  messaging-service     http://127.0.0.1:8082
  reporting-service     http://127.0.0.1:8083
  Keycloak              $KEYCLOAK_URL/realms/meternet
  platform broker       mqtt://127.0.0.1:$BROKER_PORT (services), mqtts://127.0.0.1:$BROKER_TLS_PORT (hubs)
  health and metrics    http://127.0.0.1:9080-9083/q/health, /q/metrics (each service's management port, loopback only)
  logs                  $LOGS
  stop everything       bin/meternet stop
TXT
}
