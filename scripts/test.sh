#!/usr/bin/env bash
# Run the test suite on a Redis server of its own, so that two runs on one machine (a developer's
# and CI's, or two checkouts) never read each other's cache or Celery queues. The test databases
# are named after the checkout (config/test_settings.py) for the same reason.
set -euo pipefail
cd "$(dirname "$0")/.."

run_dir=$(mktemp -d -t storefront-test-XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$run_dir" --pidfile "$run_dir/redis.pid" --logfile "$run_dir/redis.log"
stop_redis() {
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$run_dir"
}
trap stop_redis EXIT
for _ in $(seq 1 50); do
  [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ] && break
  sleep 0.1
done

export TEST_REDIS_URL="redis://127.0.0.1:$port/15"
.venv/bin/python -m pytest -n 2 --dist worksteal "$@"
