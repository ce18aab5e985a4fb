#!/usr/bin/env bash
# demo.sh -- README command 1: install what is needed, build, and run Orchard's
# main job on loopback (contrib/demo/run-demo.sh). Run as root on Debian 12.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/contrib/setup.sh"
exec "$top/contrib/demo/run-demo.sh" "$top/build"
