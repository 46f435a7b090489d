#!/usr/bin/env bash
# Realm change of 2026-11-30, for realms imported before it: the registration
# form asks the dossier bridge at its head ("dossier-number-check-start"), so
# that the bridge answers while Keycloak validates the rest of the form.
# Without it sign-ups still work; the check is only asked later, and the
# family waits for it. Safe to run again: a realm that has the step is left
# as it is, except that the step is put back first and required.
#
# Run it with the Keycloak distribution's kcadm.sh, against any node (or the
# proxy's internal listener), after the new extension jar is deployed:
#   KCADM=/opt/keycloak/bin/kcadm.sh KEYCLOAK_URL=http://keycloak:8080 \
#   KEYCLOAK_ADMIN_USER=admin KEYCLOAK_ADMIN_PASSWORD=... \
#   deploy/realm-changes/2026-11-30-dossier-check-start.sh
# REALM defaults to portail-famille.
set -euo pipefail

: "${KCADM:?set KCADM to the path of Keycloak's bin/kcadm.sh}"
: "${KEYCLOAK_URL:?set KEYCLOAK_URL to Keycloak's address, e.g. http://127.0.0.1:8080}"
: "${KEYCLOAK_ADMIN_USER:?set KEYCLOAK_ADMIN_USER to an administrator of the master realm}"
: "${KEYCLOAK_ADMIN_PASSWORD:?set KEYCLOAK_ADMIN_PASSWORD}"
REALM="${REALM:-portail-famille}"
STEP=dossier-number-check-start
FORM="authentication/flows/${REALM}%20registration%20form/executions"

config="$(mktemp)"
trap 'rm -f "$config"' EXIT
kcadm() { "$KCADM" "$@" --config "$config"; }

kcadm config credentials --server "$KEYCLOAK_URL" --realm master \
    --user "$KEYCLOAK_ADMIN_USER" --password "$KEYCLOAK_ADMIN_PASSWORD" >/dev/null

# One line per step of the registration form, in order: id,providerId,priority
steps() { kcadm get "$FORM" -r "$REALM" --fields id,providerId,priority --format csv --noquotes; }

if ! steps | grep -q ",${STEP},"; then
    first_priority="$(steps | head -n 1 | cut -d, -f3)"
    kcadm create "$FORM/execution" -r "$REALM" \
        -b "{\"provider\": \"${STEP}\", \"priority\": $((first_priority - 10))}"
    echo "added ${STEP} to the registration form of realm ${REALM}"
fi
id="$(steps | grep ",${STEP}," | cut -d, -f1)"
first="$(steps | head -n 1)"
priority="$(steps | grep ",${STEP}," | cut -d, -f3)"
if [ "${first%%,*}" != "$id" ]; then
    priority="$(( $(cut -d, -f3 <<<"$first") - 10 ))"
fi
kcadm update "$FORM" -r "$REALM" -b "{\"id\": \"${id}\", \"requirement\": \"REQUIRED\", \"priority\": ${priority}}"
echo "realm ${REALM}: ${STEP} is the first step of the registration form, required"
