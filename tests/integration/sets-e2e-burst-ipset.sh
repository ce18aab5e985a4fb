#!/usr/bin/env bash
# sets-e2e-burst-ipset.sh -- sets-e2e-burst.sh against ipset sets
# (hash:ip,port): two resolver threads, a saturating burst of cache misses,
# exactly the expected elements afterwards.
ORCHARD_TEST=sets-e2e-burst-ipset BACKEND=ipset exec bash "$(dirname "$0")/sets-e2e-burst.sh" "$@"
