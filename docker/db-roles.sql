-- The two database roles of a Proceedings Hub deployment on any PostgreSQL (13 or later), run
-- once by an administrator (psql -v owner_password=... -v app_password=... -f docker/db-roles.sql):
--   hub_owner  owns the database and everything in it; the hub migrates and grants as it at
--              start (DATABASE_OWNER_URL) and then closes that connection;
--   hub_app    what the hub serves as (DATABASE_URL): no superuser, owns nothing; the hub grants
--              it read and write on the case tables and only read and append on the audit trail.
-- Keep both passwords in the deployment's secret store, not in the database.
CREATE ROLE hub_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE hub_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE proceedings_hub OWNER hub_owner;
REVOKE ALL ON DATABASE proceedings_hub FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE proceedings_hub TO hub_app;
