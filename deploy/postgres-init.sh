#!/bin/sh
# One database and one owner each for Keycloak and the bridge.
set -eu
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE USER keycloak WITH PASSWORD '${KEYCLOAK_DB_PASSWORD}';
CREATE DATABASE keycloak OWNER keycloak;
CREATE USER bridge WITH PASSWORD '${BRIDGE_DB_PASSWORD}';
CREATE DATABASE bridge OWNER bridge;
SQL
