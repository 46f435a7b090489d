#!/bin/sh
# First start of the PostgreSQL container: the two databases and their owners
# (the same SQL file `make prod-like` runs).
set -eu
psql -v ON_ERROR_STOP=1 --username postgres \
  -v keycloak_password="$KEYCLOAK_DB_PASSWORD" -v bridge_password="$BRIDGE_DB_PASSWORD" \
  -f /docker-entrypoint-initdb.d/databases.sql.in
