#!/usr/bin/env bash
# Instances of the platform's broker and of PostgreSQL that belong to one test alone, so that a
# fault test can stop, kill and restart them without disturbing anything else on the machine.
#   own-instance.sh broker-start DIR SERVICE_PORT HUB_PORT   the platform broker configuration, own ports
#   own-instance.sh broker-stop DIR                          graceful: the broker saves its sessions
#   own-instance.sh postgres-init DIR PORT                   a new cluster (initdb), started, trust auth
#   own-instance.sh postgres-start DIR PORT | postgres-stop DIR
#   own-instance.sh service-env SERVICE                      the environment bin/meternet gives a service
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=infra.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
# shellcheck source=services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

# initdb and postgres refuse to run as root: as root, run them as the postgres user
as_pg_owner() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }

cmd=${1:?usage: own-instance.sh broker-start|broker-stop|postgres-init|postgres-start|postgres-stop|service-env ...}; shift
case "$cmd" in
  broker-start)
    dir=$1; render_broker_config "$dir" "$2" "$3" || true
    mosquitto -c "$dir/mosquitto.conf" -d 2>>"$dir/mosquitto.log"
    wait_for "the test's own broker" 20 port_open "$2" || die "the broker did not start; see $dir/mosquitto.log"
    ;;
  broker-stop)
    dir=$1; pid=$(cat "$dir/mosquitto.pid" 2>/dev/null || true)
    if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    ;;
  postgres-init)
    dir=$1 port=$2
    mkdir -p "$dir"
    # the postgres user must reach the directory: as root, hand it over and open the way to it
    if ((EUID == 0)); then chown postgres "$dir"; chmod a+x "$(dirname "$dir")"; fi
    as_pg_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log"
    "$0" postgres-start "$dir" "$port"
    ;;
  postgres-start)
    dir=$1 port=$2
    as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
    ;;
  postgres-stop)
    as_pg_owner "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null
    ;;
  service-env) service_env "$1" ;;
  *) die "unknown command $cmd" ;;
esac
