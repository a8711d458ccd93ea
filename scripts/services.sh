#!/usr/bin/env bash
# Make sure a local PostgreSQL and Redis answer, with the project's database and role.
#
# Installs what is missing with apt-get (as root), reuses servers that already answer, starts
# the Debian PostgreSQL cluster or a Redis server when they do not. Each service this script
# starts is written to $STARTED_SERVICES_FILE (if set) so that `make run` can stop it on Ctrl-C.
set -euo pipefail

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
DB_NAME=${DB_NAME:-storefront}
DB_USER=${DB_USER:-storefront}
DB_PASSWORD=${DB_PASSWORD:-storefront}
REDIS_PORT=${REDIS_PORT:-6379}

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
record_started() { [ -n "${STARTED_SERVICES_FILE:-}" ] && echo "$1" >>"$STARTED_SERVICES_FILE"; return 0; }

install_missing_packages() {
  local missing=()
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v msgfmt >/dev/null || missing+=(gettext)
  # Each extra is "check:package"; the check is a command name or, for data packages such as
  # fonts, an absolute path that exists once the package is installed.
  for extra in ${EXTRA_APT_PACKAGES:-}; do
    check="${extra%%:*}"
    if [[ "$check" == /* ]]; then
      [ -e "$check" ] || missing+=("${extra#*:}")
    else
      command -v "$check" >/dev/null || missing+=("${extra#*:}")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]} with apt-get"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    say "PostgreSQL answers on $PG_HOST:$PG_PORT; reusing it"
    return
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    say "Creating PostgreSQL $version cluster 'main'"
    as_root pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
  fi
  say "Starting PostgreSQL $version"
  as_root pg_ctlcluster "$version" main start
  record_started "postgres $version main"
  for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && return; sleep 1; done
  echo "PostgreSQL did not start" >&2
  exit 1
}

ensure_database() {
  local url="postgres://$DB_USER:$DB_PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME"
  if psql "$url" -tAc 'SELECT 1' >/dev/null 2>&1; then
    return
  fi
  say "Creating database role '$DB_USER' and database '$DB_NAME'"
  as_root runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB;
  END IF;
END \$\$;
SQL
  if ! as_root runuser -u postgres -- psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    as_root runuser -u postgres -- createdb -p "$PG_PORT" -O "$DB_USER" "$DB_NAME"
  fi
}

start_redis() {
  if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; then
    say "Redis answers on port $REDIS_PORT; reusing it"
    return
  fi
  say "Starting Redis on port $REDIS_PORT"
  local dir=${REDIS_DIR:-/var/lib/redis}
  mkdir -p "$dir" 2>/dev/null || dir=/tmp
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/storefront-redis-$REDIS_PORT.pid" >/dev/null
  record_started "redis $dir/storefront-redis-$REDIS_PORT.pid"
  for _ in $(seq 1 30); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ] && return; sleep 0.2; done
  echo "Redis did not start" >&2
  exit 1
}

install_missing_packages
start_postgres
ensure_database
start_redis
