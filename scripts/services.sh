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
# Two roles (docs/operations.md): the owner runs migrations (and creates test databases), the
# application's role owns nothing. Local passwords only; .env.example uses them.
DB_OWNER=${DB_OWNER:-storefront_owner}
DB_OWNER_PASSWORD=${DB_OWNER_PASSWORD:-storefront_owner}
DB_APP=${DB_APP:-storefront_app}
DB_APP_PASSWORD=${DB_APP_PASSWORD:-storefront_app}
REDIS_PORT=${REDIS_PORT:-6379}

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
record_started() { [ -n "${STARTED_SERVICES_FILE:-}" ] && echo "$1" >>"$STARTED_SERVICES_FILE"; return 0; }

install_missing_packages() {
  local missing=()
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v msgfmt >/dev/null || missing+=(gettext)
  # The trade documents (apps/documents): WeasyPrint lays text out with Pango, in fonts that
  # cover Latin, Cyrillic and Arabic (Noto, DejaVu) and Chinese and Japanese (Noto CJK).
  dpkg-query -W -f='${Status}' libpangoft2-1.0-0 2>/dev/null | grep -q "ok installed" \
    || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  [ -e /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || missing+=(fonts-noto-core)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
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

as_postgres() { as_root runuser -u postgres -- "$@"; }

# Both roles and the database, each created only when missing (roles that exist, and other
# roles such as an earlier single `storefront` role, are left as they are).
ensure_database() {
  if psql "postgres://$DB_OWNER:$DB_OWNER_PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME" -tAc 'SELECT 1' >/dev/null 2>&1 \
    && psql "postgres://$DB_APP:$DB_APP_PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME" -tAc 'SELECT 1' >/dev/null 2>&1; then
    local owner
    owner=$(psql "postgres://$DB_APP:$DB_APP_PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME" -tAc \
      'SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()')
    [ "$owner" = "$DB_OWNER" ] || say "Database '$DB_NAME' belongs to role '$owner', not '$DB_OWNER': \
migrations must run as '$owner' (DATABASE_OWNER_URL; see docs/operations.md, 'Database roles')"
    return
  fi
  say "Creating database roles '$DB_OWNER' and '$DB_APP' and database '$DB_NAME' (where missing)"
  as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_OWNER') THEN
    CREATE ROLE $DB_OWNER LOGIN PASSWORD '$DB_OWNER_PASSWORD' CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_APP') THEN
    CREATE ROLE $DB_APP LOGIN PASSWORD '$DB_APP_PASSWORD';
  END IF;
END \$\$;
SQL
  if ! as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    as_postgres createdb -p "$PG_PORT" -O "$DB_OWNER" "$DB_NAME"
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
