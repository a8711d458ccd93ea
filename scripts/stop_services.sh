#!/usr/bin/env bash
# Stop the services listed in the file scripts/services.sh wrote (those it started itself).
set -uo pipefail
file=${1:?usage: stop_services.sh FILE}
[ -f "$file" ] || exit 0
while read -r kind a b c; do
  case "$kind" in
    postgres) pg_ctlcluster "$a" "$b" stop && echo "Stopped PostgreSQL $a" ;;
    redis) [ -f "$a" ] && kill "$(cat "$a")" && echo "Stopped Redis" ;;
  esac
done <"$file"
rm -f "$file"
