#!/usr/bin/env bash
# demo.sh -- README command 1: install what is needed, build, and run Orchard's
# main job on loopback (contrib/demo/run-demo.sh). Run as root on Debian 12.
#
#   contrib/demo.sh [--keep]    --keep: keep the demo's files (path printed)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
keep=()
case ${1:-} in
  --keep) keep=(--keep) ;;
  -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
  "") ;;
  *) echo "demo.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac
"$top/contrib/setup.sh"
exec "$top/contrib/demo/run-demo.sh" "${keep[@]}" "$top/build"
