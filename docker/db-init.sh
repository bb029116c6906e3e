#!/bin/sh
# Run by the postgres image on its first start (docker-entrypoint-initdb.d): the hub's two roles.
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
  -v owner_password="$HUB_OWNER_PASSWORD" -v app_password="$HUB_APP_PASSWORD" -f /hub/db-roles.sql
