#!/usr/bin/env bash
# unbound-preload.sh -- runs the project's Unbound ($ORCHARD_UNBOUND_REAL)
# with $ORCHARD_UNBOUND_PRELOAD in LD_PRELOAD, and nothing else changed.
#
# module-lib.sh's require_module points $UNBOUND here when orchard.so is an
# AddressSanitizer build: Unbound is not built with ASan, so the runtime the
# module needs must be the first library loaded, or the module cannot be
# loaded at all. Only the Unbound process gets it (not dig, NSD or jq); it
# reads ASAN_OPTIONS/UBSAN_OPTIONS/LSAN_OPTIONS from the environment.
set -eu
: "${ORCHARD_UNBOUND_REAL:?set by module-lib.sh require_module}"
exec env LD_PRELOAD="${ORCHARD_UNBOUND_PRELOAD:?set by module-lib.sh require_module}" \
  "$ORCHARD_UNBOUND_REAL" "$@"
