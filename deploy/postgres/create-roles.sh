#!/bin/sh
# First start of the postgres container (docker-entrypoint-initdb.d): the two roles of
# docs/operations.md. storefront_owner owns the database and runs migrations; storefront_app is
# what web, worker and beat connect as: it owns nothing, and `migrate` grants it what it may do.
# The superuser (POSTGRES_USER) is for this script and maintenance only.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v database="$POSTGRES_DB" \
  -v owner_password="$DATABASE_OWNER_PASSWORD" -v app_password="$DATABASE_APP_PASSWORD" <<'SQL'
CREATE ROLE storefront_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE storefront_app LOGIN PASSWORD :'app_password';
ALTER DATABASE :"database" OWNER TO storefront_owner;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO storefront_owner, storefront_app;
SQL
