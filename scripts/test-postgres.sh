#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the test run and prints the
# `export` lines that point the tests, the bridge and Keycloak at it:
#   eval "$(scripts/test-postgres.sh start)"
# `scripts/test-postgres.sh stop` removes it again.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PORT=${TEST_POSTGRES_PORT:-55432}
# Its own folder per checkout when TEST_POSTGRES_STATE is set, so that two
# runs (two clones, each in its own network namespace) do not share one.
STATE=${TEST_POSTGRES_STATE:-/tmp/portail-famille-test-pg}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    "$0" stop >/dev/null 2>&1 || true
    mkdir -p "$STATE"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$STATE"
    as_pg "$PGBIN/initdb" -D "$STATE/data" -U postgres --auth=trust -E UTF8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w \
      -o "-p $PORT -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE bridge_test" >/dev/null
    as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE bridge_stack" >/dev/null
    as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE keycloak" >/dev/null
    # bridge_test is for the database unit tests (they create and drop tables);
    # bridge_stack backs the bridge the integration tests talk to.
    echo "export TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$PORT/bridge_test"
    echo "export TEST_STACK_DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/bridge_stack"
    # Keycloak on PostgreSQL too (the one variable; user and password of this throw-away server).
    echo "export KC_DB_URL=jdbc:postgresql://127.0.0.1:$PORT/keycloak KC_DB_USERNAME=postgres KC_DB_PASSWORD=postgres"
    ;;
  stop)
    if [[ -d "$STATE/data" ]]; then
      as_pg "$PGBIN/pg_ctl" -D "$STATE/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$STATE"
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
