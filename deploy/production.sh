#!/usr/bin/env bash
# `make production`: the production profile on this machine, in one command.
#
# Starts PostgreSQL and Redis if they are not up (as .ci/run does), creates the database if it is
# missing, migrates, collects the static files, builds the matching index when there is none,
# then runs the Procfile (gunicorn, a Celery worker, this machine's matching worker, beat) with
# honcho. Every setting can come from the environment; the defaults below fit this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PATH="$PWD/.venv/bin:$PATH"

export DJANGO_SETTINGS_MODULE=config.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/connective_production}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
mkdir -p var
# A key given in the environment wins; else one generated once for this machine and kept in
# var/secret_key (sessions survive a restart), readable by this user only.
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077 && $PY -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key)
  fi
  SECRET_KEY="$(cat var/secret_key)"
fi
export SECRET_KEY

case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "DATABASE_URL must be a postgres:// URL for the production profile, got: $DATABASE_URL" >&2; exit 2 ;;
esac

pg_host_port="$($PY -c 'import os, urllib.parse as u; p = u.urlsplit(os.environ["DATABASE_URL"]); print(p.hostname or "127.0.0.1", p.port or 5432)')"
read -r PG_HOST PG_PORT <<< "$pg_host_port"
if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
  if [ "$PG_HOST" = 127.0.0.1 ] || [ "$PG_HOST" = localhost ]; then
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 1; done
  fi
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || { echo "PostgreSQL is not answering on $PG_HOST:$PG_PORT" >&2; exit 1; }
fi
redis_host_port="$($PY -c 'import os, urllib.parse as u; p = u.urlsplit(os.environ["REDIS_URL"]); print(p.hostname or "127.0.0.1", p.port or 6379)')"
read -r REDIS_HOST REDIS_PORT <<< "$redis_host_port"
if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  if [ "$REDIS_HOST" = 127.0.0.1 ] || [ "$REDIS_HOST" = localhost ]; then
    echo "Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    for _ in $(seq 30); do redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 || { echo "Redis is not answering on $REDIS_HOST:$REDIS_PORT" >&2; exit 1; }
fi

# The database, created when missing (connecting to the server's `postgres` database).
$PY - <<'PYTHON'
import os
import urllib.parse

import psycopg

url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
name = urllib.parse.unquote(url.path.lstrip("/"))
admin = dict(host=url.hostname or "127.0.0.1", port=url.port or 5432, user=urllib.parse.unquote(url.username or "postgres"),
             password=urllib.parse.unquote(url.password) if url.password else None, dbname="postgres")
with psycopg.connect(**admin, autocommit=True) as connection:
    if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
        connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
        print(f"Created the database {name}")
PYTHON

$PY manage.py migrate --no-input -v 0
$PY manage.py collectstatic --no-input -v 0
$PY manage.py check --deploy --fail-level WARNING
if ! $PY manage.py shell -c 'import sys; from connective.consultations.suggestions.snapshot import snapshot_find; sys.exit(0 if snapshot_find() else 1)' 2>/dev/null; then
  echo "Building the matching index (manage.py match --rebuild)"
  $PY manage.py match --rebuild
fi

exec honcho start -f Procfile
