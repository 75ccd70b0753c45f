#!/usr/bin/env bash
# Public-page benchmark of the documents app (issue 3): 100,000 published records; list and detail pages with
# gunicorn on this 2-core machine, on SQLite and PostgreSQL, with two peers measured in the same run: nginx
# serving a static file, and a page served from the public-page cache.
#
#   bash bench/documents_public.sh [RECORDS]        (default 100000; results in bench/out/documents/)
#
# Environment: WRK_ARGS (default "-t2 -c50 -d20s"), WORKERS (gunicorn workers, default 3),
# PG_URL (default postgres://postgres@127.0.0.1:5432/zwgk_documents_bench; the database is recreated),
# REUSE=1 to keep the databases built by a previous run (e.g. a second pass with WRK_ARGS="-t1 -c2 -d15s").
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS="${1:-100000}"
WRK_ARGS="${WRK_ARGS:--t2 -c50 -d20s}"
WORKERS="${WORKERS:-3}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/zwgk_documents_bench}"
OUT="bench/out/documents"
PY=.venv/bin/python
mkdir -p "$OUT"

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
fi

export ZWGK_SECRET_KEY="bench-only-secret-key-$(printf 'x%.0s' $(seq 1 50))"
export ZWGK_ALLOWED_HOSTS=127.0.0.1 ZWGK_SSL_REDIRECT=0 ZWGK_LOG_LEVEL=WARNING ZWGK_AXES_ENABLED=0
export DJANGO_SETTINGS_MODULE=zwgk.settings

pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

run_wrk() {  # name port path [template]
  local name=$1 port=$2 path=$3 template=${4:-}
  ZWGK_PATH_TEMPLATE="$template" wrk $WRK_ARGS --timeout 10s -s bench/wrk_report.lua "http://127.0.0.1:${port}${path}" \
    | tail -1 | NAME="$name" $PY -c 'import json, os, sys
d = {"name": os.environ["NAME"], "db": os.environ["DB"], **json.loads(sys.stdin.read())}
print(json.dumps(d, ensure_ascii=False))' | tee -a "$OUT/results.jsonl"
}

start_gunicorn() {  # port cache_seconds
  ZWGK_PUBLIC_CACHE_SECONDS=$2 .venv/bin/gunicorn zwgk.wsgi:application -w "$WORKERS" -b "127.0.0.1:$1" --timeout 120 \
    --access-logfile /dev/null --error-logfile "$OUT/gunicorn-$1.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/xxgk/")" = 200 ] && break
    sleep 0.3
  done
}

# Peer 1: nginx serving a static file (the ceiling).
mkdir -p "$OUT/nginx"
cp zwgk/core/static/zwgk/css/zwgk.css "$OUT/nginx/zwgk.css"
cat > "$OUT/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $(pwd)/$OUT/nginx/nginx.pid;
error_log $(pwd)/$OUT/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:8914; root $(pwd)/$OUT/nginx; }
}
NGINX
nginx -c "$(pwd)/$OUT/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 1
: > "$OUT/results.jsonl"
export DB=none
run_wrk "nginx static file" 8914 /zwgk.css

export DB
for DB in sqlite postgresql; do
  if [ "$DB" = sqlite ]; then
    export ZWGK_DATA_DIR="$(pwd)/$OUT/sqlite"
    unset ZWGK_DATABASE_URL
  else
    export ZWGK_DATA_DIR="$(pwd)/$OUT/postgresql"
    export ZWGK_DATABASE_URL="$PG_URL"
  fi
  if [ "${REUSE:-0}" = 1 ]; then
    info=$($PY -c 'import django, json, os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings"); django.setup()
from zwgk.documents.models import Record
ids = Record.objects.public().order_by("id").values_list("id", flat=True)
print(json.dumps({"records": ids.count(), "min_id": ids.first(), "max_id": ids.last(), "reused": True}))')
  else
    if [ "$DB" = sqlite ]; then
      rm -rf "$ZWGK_DATA_DIR"; mkdir -p "$ZWGK_DATA_DIR"
    else
      mkdir -p "$ZWGK_DATA_DIR"
      dbname="${PG_URL##*/}"
      psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${dbname}" && psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${dbname}"
    fi
    .venv/bin/zwgk migrate -v0
    .venv/bin/zwgk collectstatic --noinput -v0
    info=$($PY bench/documents_build.py "$RECORDS" | tail -1)
  fi
  echo "$DB build: $info"
  echo "{\"name\": \"build\", \"db\": \"$DB\", \"info\": $info}" >> "$OUT/results.jsonl"
  min_id=$(echo "$info" | $PY -c 'import json,sys; print(json.load(sys.stdin)["min_id"])')
  max_id=$(echo "$info" | $PY -c 'import json,sys; print(json.load(sys.stdin)["max_id"])')
  [ "$DB" = postgresql ] && psql -h 127.0.0.1 -U postgres -d "${PG_URL##*/}" -qc "VACUUM ANALYZE"

  # Each scenario gets a fresh server, so that a slow scenario cannot leave queued requests to the next one.
  scenario() {  # cache_seconds name path [template]
    start_gunicorn 8913 "$1"
    ZWGK_ID_MIN=$min_id ZWGK_ID_MAX=$max_id run_wrk "$2" 8913 "$3" "${4:-}"
    kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
  }
  scenario 0 "list page /xxgk/policies/ (uncached)" /xxgk/policies/
  scenario 0 "list page, page 200 (uncached)" "/xxgk/policies/?page=200"
  scenario 0 "list page filtered by agency and year (uncached)" "/xxgk/policies/?agency=120110003&year=2020"
  scenario 0 "column home /xxgk/ (uncached)" /xxgk/
  scenario 0 "法定主动公开内容 counts /xxgk/statutory/ (uncached)" /xxgk/statutory/
  scenario 0 "normative list with yearly counts (uncached)" /xxgk/normative/
  scenario 0 "detail page, random of ${RECORDS} (uncached)" /xxgk/ "/xxgk/records/{id}/"
  scenario 0 "API detail, random (uncached)" /api/v1/ "/api/v1/records/{id}/"
  # Peer: the same detail page served from the public-page cache.
  scenario 300 "detail page, one record (cached)" "/xxgk/records/${min_id}/"
done
echo "results: $OUT/results.jsonl"
