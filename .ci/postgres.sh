#!/usr/bin/env bash
# Start Debian's PostgreSQL 15 on 127.0.0.1 and create the role the tests use.
# Idempotent: safe to run again on a machine where it already runs.
set -euo pipefail
version=15
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main
fi
if ! pg_lsclusters -h | awk '$1=="'$version'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -d postgres <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stk_migrate') THEN
    CREATE ROLE stk_migrate LOGIN PASSWORD 'stk_migrate' CREATEDB;
  END IF;
END $$;
SQL
echo "PostgreSQL $version is up: postgresql://stk_migrate:***@127.0.0.1:5432/postgres"
