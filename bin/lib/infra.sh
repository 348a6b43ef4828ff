# Infrastructure: PostgreSQL databases, the platform broker with its development CA, Keycloak.

infra_packages() {
  local missing=()
  command -v mosquitto >/dev/null || missing+=(mosquitto)
  command -v mosquitto_pub >/dev/null || missing+=(mosquitto-clients)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v curl >/dev/null || missing+=(curl)
  # the broker's hub-subscriptions plugin is compiled here (build_broker_plugin)
  command -v gcc >/dev/null || missing+=(gcc)
  [[ -f /usr/include/stdio.h ]] || missing+=(libc6-dev)
  [[ -f /usr/include/mosquitto_broker.h && -f /usr/include/mosquitto_plugin.h ]] || missing+=(mosquitto-dev)
  [[ -f /usr/include/mosquitto.h ]] || missing+=(libmosquitto-dev)
  if ! command -v pg_ctlcluster >/dev/null && ! port_open "$PG_PORT"; then missing+=(postgresql); fi
  if ((${#missing[@]})); then
    need_root_for_install "${missing[@]}"
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

infra_postgres() {
  if ! port_open "$PG_PORT"; then
    say "starting PostgreSQL"
    local version; version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
    [[ -n "$version" ]] || die "PostgreSQL is not installed and not listening on $PG_PORT"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for "PostgreSQL" 60 port_open "$PG_PORT" || die "PostgreSQL did not start"
  fi
  # The outbox and service-request tables take an update or two per row and count on autovacuum to clear the dead
  # versions (see the platform's migrations); a machine's PostgreSQL with it off slows a little with every run.
  if [[ $(psql_admin -d postgres -c "show autovacuum") != on ]]; then
    psql_admin -d postgres -c "alter system set autovacuum = on" -c "select pg_reload_conf()" >/dev/null
    info "PostgreSQL had autovacuum off: turned on (alter system), as the platform's tables need it"
  fi
  local db created=()
  for db in "${SERVICE_DB[@]}"; do
    for name in "$db" "${db}_test"; do
      if [[ -z $(psql_admin -d postgres -c "select 1 from pg_database where datname = '$name'") ]]; then
        psql_admin -d postgres -c "create database $name"
        created+=("$name")
      fi
    done
  done
  if ((${#created[@]})); then info "created databases: ${created[*]}"; fi
  info "PostgreSQL on $PG_HOST:$PG_PORT, one database per service (and one per service for tests)"
}

# The development device CA signs hub certificates (through installation-service) and the broker's
# server certificate. Production brings its own CA.
infra_pki() {
  mkdir -p "$PKI"
  if [[ ! -f "$PKI/device-ca.crt" ]]; then
    say "creating the development device CA in $PKI"
    openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/device-ca.key" 2>/dev/null
    openssl req -x509 -new -key "$PKI/device-ca.key" -sha256 -days 3650 -out "$PKI/device-ca.crt" \
      -subj "/O=meternet development/CN=meternet device CA (development)" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    # The CA's key stays in a PKCS#12 key store that installation-service opens; nothing else reads it.
    openssl pkcs12 -export -inkey "$PKI/device-ca.key" -in "$PKI/device-ca.crt" -name device-ca \
      -out "$PKI/device-ca.p12" -passout pass:dev-device-ca
  fi
  if [[ ! -f "$PKI/broker.crt" ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/broker.key" 2>/dev/null
    openssl req -new -key "$PKI/broker.key" -subj "/O=meternet development/CN=meternet-broker" -out "$PKI/broker.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:meternet-broker,DNS:meternet-broker.meternet.svc\nextendedKeyUsage=serverAuth\n' > "$PKI/broker.ext"
    openssl x509 -req -in "$PKI/broker.csr" -CA "$PKI/device-ca.crt" -CAkey "$PKI/device-ca.key" -CAcreateserial \
      -days 825 -sha256 -extfile "$PKI/broker.ext" -out "$PKI/broker.crt" 2>/dev/null
    rm -f "$PKI/broker.csr" "$PKI/broker.ext"
    info "issued the broker's server certificate"
  fi
  if [[ ! -f "$PKI/device-ca.crl" ]]; then
    # An empty CRL for the broker's crlfile; installation-service rewrites it as hubs are revoked.
    mkdir -p "$PKI/ca-db"
    : > "$PKI/ca-db/index.txt"
    echo 1000 > "$PKI/ca-db/crlnumber"
    printf '[ca]\ndefault_ca = dev\n[dev]\ndatabase = %s\ncrlnumber = %s\ndefault_md = sha256\ndefault_crl_days = 30\n' \
      "$PKI/ca-db/index.txt" "$PKI/ca-db/crlnumber" > "$PKI/ca-db/ca.cnf"
    openssl ca -gencrl -config "$PKI/ca-db/ca.cnf" -keyfile "$PKI/device-ca.key" -cert "$PKI/device-ca.crt" \
      -out "$PKI/device-ca.crl" 2>/dev/null
  fi
  chmod 600 "$PKI/device-ca.key" "$PKI/device-ca.p12"
}

# write_dev_broker_passwords FILE [ACCOUNT...]: every service account of infra/mosquitto/accounts,
# and the further ACCOUNTs given, with its development password "dev-<account>", hashed as
# Mosquitto's password_file reads them. The Kubernetes prerequisites call it with none.
write_dev_broker_passwords() {
  local file=$1 account; shift
  : > "$file"
  while read -r account; do
    [[ -z "$account" || "$account" == \#* ]] && continue
    mosquitto_passwd -b "$file" "$account" "dev-$account"
  done < <(cat "$ROOT/infra/mosquitto/accounts"; printf '%s\n' "$@")
  chmod 600 "$file"
}

# The accounts of the development-only ACL addition (its `user` lines): the test harness.
harness_accounts() { awk '$1 == "user" { print $2 }' "$ROOT/infra/mosquitto/harness.acl"; }

BROKER_PLUGINS="$VAR/mosquitto-plugins"

# Compiles the hubs' listener plugin (infra/mosquitto/hub-subscriptions.c) into $BROKER_PLUGINS
# when the source is newer than the library. Written under another name and renamed, so that a
# running broker that loaded the old library keeps a whole file.
build_broker_plugin() {
  local src="$ROOT/infra/mosquitto/hub-subscriptions.c" so="$BROKER_PLUGINS/meternet-hub-subscriptions.so"
  [[ -f "$so" && ! "$src" -nt "$so" ]] && return 0
  mkdir -p "$BROKER_PLUGINS"
  gcc -std=c99 -O2 -Wall -Wextra -Werror -fPIC -shared "$src" -o "$so.$$" \
    || die "could not compile $src (needs gcc and the mosquitto-dev and libmosquitto-dev headers)"
  mv -f "$so.$$" "$so"
}

# Renders the project's broker configuration into $dir for the given ports; used by `infra up`
# and by tests that need a broker of their own. Returns 0 when something the broker reads only
# when it starts (configuration, plugin) changed, 2 when only what a SIGHUP rereads changed (ACLs:
# Mosquitto reloads acl_file and password_file on SIGHUP, keeping its connections and sessions),
# 1 when nothing changed.
render_broker_config() {
  local dir=$1 service_port=$2 hub_port=$3
  mkdir -p "$dir/data"
  build_broker_plugin
  sed -e "s#@USER@#$(id -un)#" -e "s#@STATE@#$dir#g" -e "s#@CONF@#$dir#g" -e "s#@PKI@#$PKI#g" \
      -e "s#@SERVICE_PORT@#$service_port#" -e "s#@HUB_PORT@#$hub_port#" -e "s#@BIND@#127.0.0.1#g" \
      -e "s#@LOG_DEST@#file $dir/mosquitto.log#" -e "s#@PLUGINS@#$BROKER_PLUGINS#g" \
      "$ROOT/infra/mosquitto/mosquitto.conf.in" > "$dir/mosquitto.conf.new"
  # what the broker reads at start besides its configuration: a changed one is a changed configuration
  local changed=1
  cp "$ROOT/infra/mosquitto/hubs.acl" "$dir/hubs.acl.new"
  # the deployed services' ACL plus the development-only harness account
  { cat "$ROOT/infra/mosquitto/services.acl"; echo; cat "$ROOT/infra/mosquitto/harness.acl"; } > "$dir/services.acl.new"
  sha256sum "$BROKER_PLUGINS/meternet-hub-subscriptions.so" | cut -d' ' -f1 > "$dir/plugin.sha256.new"
  local f
  for f in hubs.acl services.acl plugin.sha256; do
    if cmp -s "$dir/$f.new" "$dir/$f"; then
      rm "$dir/$f.new"
    else
      mv "$dir/$f.new" "$dir/$f"
      if [[ $f == plugin.sha256 ]]; then changed=0; elif ((changed == 1)); then changed=2; fi
    fi
  done
  if [[ ! -f "$dir/passwords" || "$ROOT/infra/mosquitto/accounts" -nt "$dir/passwords" \
        || "$ROOT/infra/mosquitto/harness.acl" -nt "$dir/passwords" ]]; then
    # shellcheck disable=SC2046 # one account a word
    write_dev_broker_passwords "$dir/passwords" $(harness_accounts)
  fi
  if cmp -s "$dir/mosquitto.conf.new" "$dir/mosquitto.conf"; then
    rm "$dir/mosquitto.conf.new"; return $changed
  fi
  mv "$dir/mosquitto.conf.new" "$dir/mosquitto.conf"; return 0
}

# start_broker NAME DIR SERVICE_PORT HUB_PORT: one instance of the platform broker, restarted when
# its rendered configuration changed.
start_broker() {
  local name=$1 dir=$2 service_port=$3 hub_port=$4 changed=0
  render_broker_config "$dir" "$service_port" "$hub_port" || changed=$?
  # 0: restart, 2: reload the ACLs, 1: as it is
  if pid_alive "$RUN/${name// /-}.pid" && ((changed == 0)); then
    say "$name configuration changed: restarting it"
    stop_pidfile "$name" "$RUN/${name// /-}.pid"
  elif pid_alive "$RUN/${name// /-}.pid" && ((changed == 2)); then
    kill -HUP "$(cat "$RUN/${name// /-}.pid")"
    info "$name ACLs changed: reloaded (SIGHUP; connections and sessions kept)"
  fi
  if ! pid_alive "$RUN/${name// /-}.pid"; then
    if port_open "$service_port"; then die "port $service_port is taken by a process meternet did not start"; fi
    say "starting the $name"
    mosquitto -c "$dir/mosquitto.conf" -d 2>>"$dir/mosquitto.log"
    wait_for "the $name" 20 port_open "$service_port" || die "the $name did not start; see $dir/mosquitto.log"
    cp "$dir/mosquitto.pid" "$RUN/${name// /-}.pid"
  fi
}

infra_broker() {
  start_broker "platform broker" "$VAR/mosquitto" "$BROKER_PORT" "$BROKER_TLS_PORT"
  info "platform broker: services mqtt://127.0.0.1:$BROKER_PORT (passwords), hubs mqtts://127.0.0.1:$BROKER_TLS_PORT (client certificates)"
  # Component tests get an instance of their own, so they never feed a running platform.
  start_broker "test broker" "$VAR/mosquitto-test" "$TEST_BROKER_PORT" "$TEST_BROKER_TLS_PORT"
  info "test broker (same configuration, for component tests): mqtt://127.0.0.1:$TEST_BROKER_PORT, mqtts://127.0.0.1:$TEST_BROKER_TLS_PORT"
}

keycloak_ready() { curl -fsS "$KEYCLOAK_URL/realms/meternet/.well-known/openid-configuration" >/dev/null; }

infra_keycloak() {
  local realm="$ROOT/infra/keycloak/meternet-realm.json"
  if [[ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
    say "fetching Keycloak $KEYCLOAK_VERSION through Maven (cached in ~/.m2)"
    local zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
    [[ -f "$zip" ]] || mvnw dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -Dtransitive=false
    mkdir -p "$VAR/keycloak"
    unzip -q -o "$zip" -d "$VAR/keycloak"
  fi
  local want; want=$(sha256sum "$realm" | cut -d' ' -f1)
  if [[ -f "$VAR/keycloak/realm.sha256" && "$(cat "$VAR/keycloak/realm.sha256")" != "$want" ]]; then
    say "the realm file changed: re-importing it into the development Keycloak"
    stop_pidfile keycloak "$RUN/keycloak.pid"
    rm -rf "$KEYCLOAK_HOME/data/h2" "$KEYCLOAK_HOME/data/import"
  fi
  if ! pid_alive "$RUN/keycloak.pid"; then
    if port_open "$KEYCLOAK_PORT"; then die "port $KEYCLOAK_PORT is taken by a process meternet did not start"; fi
    mkdir -p "$KEYCLOAK_HOME/data/import"
    cp "$realm" "$KEYCLOAK_HOME/data/import/meternet-realm.json"
    say "starting Keycloak on $KEYCLOAK_URL (the first start imports the realm and takes about 100 s on 2 cores)"
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=dev-admin \
      setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
      --http-management-port="$KEYCLOAK_MGMT_PORT" --hostname="$KEYCLOAK_URL" --import-realm \
      >"$LOGS/keycloak.log" 2>&1 < /dev/null &
    echo $! > "$RUN/keycloak.pid"
  fi
  wait_for "Keycloak" 300 keycloak_ready || die "Keycloak did not become ready; see $LOGS/keycloak.log"
  echo "$want" > "$VAR/keycloak/realm.sha256"
  info "Keycloak: $KEYCLOAK_URL/realms/meternet (admin console $KEYCLOAK_URL/admin, admin / dev-admin)"
}

infra_up() {
  mkdir -p "$RUN" "$LOGS"
  infra_packages
  infra_postgres
  infra_pki
  infra_broker
  infra_keycloak
}

# The platform broker stopped gracefully (it writes its sessions and queued messages to disk) and started again
# with the current configuration; back when both its listeners answer.
restart_broker() {
  say "restarting the platform broker"
  local t=$SECONDS
  stop_pidfile "platform broker" "$RUN/platform-broker.pid"
  start_broker "platform broker" "$VAR/mosquitto" "$BROKER_PORT" "$BROKER_TLS_PORT"
  wait_for "the platform broker's hub listener" 20 port_open "$BROKER_TLS_PORT" \
    || die "the platform broker's hub listener :$BROKER_TLS_PORT did not open; see $VAR/mosquitto/mosquitto.log"
  info "platform broker back in $((SECONDS - t)) s (pid $(cat "$RUN/platform-broker.pid"))"
}

pg_accepts() { psql_admin -d postgres -c "select 1" >/dev/null; }

# The machine's PostgreSQL (not started by meternet) restarted as root: through systemd when it runs the machine,
# else pg_ctlcluster (Debian), else the init script; back when it accepts connections.
restart_postgres() {
  local version; version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  [[ $(id -u) -eq 0 ]] || die "restarting PostgreSQL needs root"
  say "restarting PostgreSQL${version:+ $version}"
  local t=$SECONDS
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    systemctl restart "postgresql${version:+@$version-main}"
  elif command -v pg_ctlcluster >/dev/null && [[ -n $version ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  elif command -v service >/dev/null; then
    service postgresql restart
  else
    die "no way to restart PostgreSQL found (systemctl, pg_ctlcluster, service)"
  fi
  wait_for "PostgreSQL to accept connections" 60 pg_accepts || die "PostgreSQL did not accept connections within 60 s after its restart"
  info "PostgreSQL accepts connections again after $((SECONDS - t)) s"
}

infra_restart() {
  case "${1:-}" in
    broker) restart_broker ;;
    postgres) restart_postgres ;;
    *) die "infra restart takes broker or postgres" ;;
  esac
}

infra_down() {
  say "stopping the infrastructure meternet started"
  stop_pidfile keycloak "$RUN/keycloak.pid"
  stop_pidfile "platform broker" "$RUN/platform-broker.pid"
  stop_pidfile "test broker" "$RUN/test-broker.pid"
  info "PostgreSQL is the machine's own and keeps running"
}

infra_status() {
  local line
  status_line() { if $2; then printf '  %-22s up    %s\n' "$1" "$3"; else printf '  %-22s down  %s\n' "$1" "$3"; fi; }
  status_line PostgreSQL "port_open $PG_PORT" "$PG_HOST:$PG_PORT"
  status_line "platform broker" "pid_alive $RUN/platform-broker.pid" "mqtt://127.0.0.1:$BROKER_PORT, mqtts://127.0.0.1:$BROKER_TLS_PORT"
  status_line "test broker" "pid_alive $RUN/test-broker.pid" "mqtt://127.0.0.1:$TEST_BROKER_PORT, mqtts://127.0.0.1:$TEST_BROKER_TLS_PORT"
  status_line Keycloak keycloak_ready "$KEYCLOAK_URL/realms/meternet"
  local s
  for s in "${SERVICES[@]}"; do
    if [[ -f $RUN/$s.pid ]] && ! pid_alive "$RUN/$s.pid"; then
      printf '  %-22s died  pid %s: %s; its log: %s\n' "$s" "$(cat "$RUN/$s.pid")" "$(death_reason "$s")" "$LOGS/$s.log"
    elif pid_alive "$RUN/$s.pid"; then
      printf '  %-22s up    pid %s, http://127.0.0.1:%s (management :%s, log %s)\n' "$s" "$(cat "$RUN/$s.pid")" \
        "${SERVICE_PORT[$s]}" "${MANAGEMENT_PORT[$s]}" "$LOGS/$s.log"
    else
      printf '  %-22s down  stopped (bin/meternet service start %s)\n' "$s" "$s"
    fi
  done
}
