#!/usr/bin/env bash
# `make sdk`: the OpenAPI schema, and the Python and TypeScript clients generated from it.
#
#   scripts/sdk.sh [OUT]    writes OUT/openapi.yml, OUT/python/storefront_api/ and
#                           OUT/typescript/src/schema.ts (OUT defaults to sdk/; the test
#                           suite writes to a temporary directory and compares with sdk/)
#
# The generators run with their default settings (the schema must suit them as it is); only
# the package's name is chosen (sdk/python/generator.yml). The hand-written layers on top
# (sdk/python/storefront_sdk, sdk/typescript/src/index.ts) are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-sdk}"
PY=.venv/bin/python
mkdir -p "$OUT/python" "$OUT/typescript/src"

# The schema as the running API publishes it (no database needed).
DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings}" \
  "$PY" manage.py spectacular --file "$OUT/openapi.yml" --validate --fail-on-warn

# The time zone names the API accepts (a member's `timezone`), listed for integrators.
"$PY" - "$OUT/time-zones.md" <<'PYTHON'
import sys
from zoneinfo import available_timezones

names = sorted(available_timezones())
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("# Time zone names\n\n")
    out.write(
        "A member's `timezone` (API and member center) is one of these IANA time zone names "
        f"({len(names)}, from the server's time zone database; `make sdk` writes this list).\n\n"
    )
    out.writelines(f"- `{name}`\n" for name in names)
PYTHON

# Python: openapi-python-client, the package only (sdk/python/pyproject.toml is ours).
rm -rf "$OUT/python/storefront_api"
PATH="$PWD/.venv/bin:$PATH" .venv/bin/openapi-python-client generate \
  --path "$OUT/openapi.yml" --config sdk/python/generator.yml --meta none \
  --output-path "$OUT/python/storefront_api" --overwrite >/dev/null

# TypeScript: openapi-typescript's types for openapi-fetch (sdk/typescript/package.json).
[ -x sdk/typescript/node_modules/.bin/openapi-typescript ] \
  || npm ci --prefix sdk/typescript --no-audit --no-fund --silent
sdk/typescript/node_modules/.bin/openapi-typescript "$OUT/openapi.yml" \
  --output "$OUT/typescript/src/schema.ts" --silent >/dev/null
