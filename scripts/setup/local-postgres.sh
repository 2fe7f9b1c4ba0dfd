#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster and makes the role and database named in DATABASE_URL (root only).
set -euo pipefail
read -r PGUSER_ PGPASS_ PGDB_ PGPORT_ < <(node -e '
  const u = new URL(process.env.DATABASE_URL);
  console.log(decodeURIComponent(u.username), decodeURIComponent(u.password), u.pathname.slice(1), u.port || 5432)')
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$VERSION main" || pg_createcluster "$VERSION" main >/dev/null
pg_ctlcluster "$VERSION" main start 2>/dev/null || true
for _ in $(seq 1 30); do runuser -u postgres -- psql -p "$PGPORT_" -Atc 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
psql_() { runuser -u postgres -- psql -p "$PGPORT_" -v ON_ERROR_STOP=1 -Atq "$@"; }
if [ "$(psql_ -c "select 1 from pg_roles where rolname = '$PGUSER_'")" = 1 ]; then
  psql_ -c "ALTER ROLE \"$PGUSER_\" LOGIN CREATEDB PASSWORD '$PGPASS_'"
else
  psql_ -c "CREATE ROLE \"$PGUSER_\" LOGIN CREATEDB PASSWORD '$PGPASS_'"
fi
[ "$(psql_ -c "select 1 from pg_database where datname = '$PGDB_'")" = 1 ] || psql_ -c "CREATE DATABASE \"$PGDB_\" OWNER \"$PGUSER_\""
