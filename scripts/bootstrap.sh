#!/usr/bin/env bash
# Create .venv and install the requirements file given as $1 (re-installs only when it changed).
set -euo pipefail
requirements=${1:-requirements.txt}
cd "$(dirname "$0")/.."

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv with $($python --version)"
  if ! "$python" -m venv .venv 2>/dev/null; then
    # Debian/Ubuntu ship venv support as a separate package.
    rm -rf .venv
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$python" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
fi

stamp=".venv/.installed-$(cat requirements.txt "$requirements" | sha256sum | cut -c1-16)-$(basename "$requirements")"
if [ ! -f "$stamp" ]; then
  echo "==> Installing $requirements"
  .venv/bin/python -m pip install -q -r "$requirements"
  touch "$stamp"
fi

[ -f .env ] || { cp .env.example .env; echo "==> Wrote .env from .env.example"; }
