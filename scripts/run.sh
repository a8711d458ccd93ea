#!/usr/bin/env bash
# `make run`: the whole product with demo data: web, one Celery worker per queue (ledger,
# notifications, webhooks: config/celery.py) and one beat, on local PostgreSQL and Redis.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

scripts/bootstrap.sh requirements.txt
mkdir -p .run
export STARTED_SERVICES_FILE="$PWD/.run/started-services"
scripts/services.sh

py=.venv/bin/python
echo "==> Preparing the database, translations and static files"
$py manage.py migrate --noinput -v 0
$py manage.py compilemessages --ignore=.venv -v 0
$py manage.py collectstatic --noinput -v 0
$py manage.py setup_schedules
$py manage.py seed_demo

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "==> Stopping web, workers and beat"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  scripts/stop_services.sh "$STARTED_SERVICES_FILE"
}
trap stop INT TERM EXIT

# One worker per queue, so a flood of notifications never delays point releases and expiry.
for queue in ledger notifications webhooks; do
  .venv/bin/celery -A config worker --queues="$queue" --hostname="$queue@%h" --loglevel=INFO \
    --concurrency="${WORKER_CONCURRENCY:-1}" >".run/worker-$queue.log" 2>&1 &
  pids+=($!)
done
.venv/bin/celery -A config beat --loglevel=INFO --pidfile= >.run/beat.log 2>&1 &
pids+=($!)
# The request metrics of gunicorn's three workers meet in files there (config/gunicorn.py).
PROMETHEUS_MULTIPROC_DIR="$PWD/.run/prometheus" \
  .venv/bin/gunicorn config.wsgi -c config/gunicorn.py --bind "$HOST:$PORT" --workers 3 \
  --access-logfile - &
pids+=($!)

cat <<MSG

  Export Storefront is running at http://localhost:$PORT/  (admin: http://localhost:$PORT/admin/)
  Worker logs: .run/worker-{ledger,notifications,webhooks}.log; beat: .run/beat.log.
  Health: http://localhost:$PORT/healthz, readiness: http://localhost:$PORT/readyz
  (metrics: /metrics with METRICS_TOKEN set; docs/operations.md, "Observability").
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
