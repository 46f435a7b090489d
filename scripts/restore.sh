#!/usr/bin/env bash
# Restores both databases from a folder made by scripts/backup.sh.
#   scripts/restore.sh FOLDER
# STOP Keycloak (every node), the bridges and the workers first: the databases
# are dropped and made again, and Keycloak's caches must start empty.
# Connection: libpq variables (PGHOST, PGPORT, PGUSER=postgres, PGPASSWORD),
# as a superuser. The roles `keycloak` and `bridge` must exist (they do on the
# same server; on a new one run deploy/postgres/databases.sql first).
set -euo pipefail
folder=${1:?usage: scripts/restore.sh FOLDER}
(cd "$folder" && sha256sum --check --quiet SHA256SUMS) || { echo "the backup in $folder is damaged" >&2; exit 1; }
for db in keycloak bridge; do
  psql -X -q -v ON_ERROR_STOP=1 --dbname=postgres \
    -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER $db" \
    -c "REVOKE ALL ON DATABASE $db FROM PUBLIC"
  # One transaction: a restore that fails half-way leaves an empty database, never a mixed one.
  pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --role="$db" \
    --dbname="$db" "$folder/$db.dump"
done
echo "restored keycloak and bridge from $folder; start Keycloak, the bridges and the workers again"
