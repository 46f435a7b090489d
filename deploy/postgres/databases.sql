-- One database and one owner each for Keycloak and the bridge. Idempotent:
-- run at every start, it also applies a rotated password.
--   psql -v ON_ERROR_STOP=1 -v keycloak_password=... -v bridge_password=... -f databases.sql
SELECT 'CREATE ROLE keycloak LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keycloak') \gexec
SELECT 'CREATE ROLE bridge LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bridge') \gexec
ALTER ROLE keycloak PASSWORD :'keycloak_password';
ALTER ROLE bridge PASSWORD :'bridge_password';
SELECT 'CREATE DATABASE keycloak OWNER keycloak' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keycloak') \gexec
SELECT 'CREATE DATABASE bridge OWNER bridge' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'bridge') \gexec
-- Nobody else may connect to them.
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
REVOKE ALL ON DATABASE bridge FROM PUBLIC;
