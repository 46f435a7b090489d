#!/usr/bin/env bash
# Backs up both databases of the Portail Famille (Keycloak's and the bridge's)
# into one folder: a custom-format pg_dump each, and their SHA-256 sums.
#   scripts/backup.sh [FOLDER]          (default: backups/<UTC date and time>)
# Connection: the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD or
# ~/.pgpass), as a role that may read both databases (the superuser, or each
# owner in turn). `python -m prodstack backup` sets them for the production-like run.
# Both dumps are consistent snapshots taken while everything runs.
set -euo pipefail
folder=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$folder"
chmod 700 "$folder"
for db in keycloak bridge; do
  pg_dump --format=custom --no-owner --no-privileges --file="$folder/$db.dump" --dbname="$db"
done
(cd "$folder" && sha256sum keycloak.dump bridge.dump > SHA256SUMS)
echo "backed up keycloak and bridge to $folder"
