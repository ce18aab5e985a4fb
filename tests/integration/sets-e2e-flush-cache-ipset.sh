#!/usr/bin/env bash
# sets-e2e-flush-cache-ipset.sh -- sets-e2e-flush-cache.sh against ipset sets
# (hash:ip,port): a cache hit in the second of a flush puts the elements back.
ORCHARD_TEST=sets-e2e-flush-cache-ipset BACKEND=ipset exec bash "$(dirname "$0")/sets-e2e-flush-cache.sh" "$@"
