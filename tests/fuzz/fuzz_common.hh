/**
 * \file fuzz_common.hh
 * Shared by the libFuzzer targets in tests/fuzz/: the shipped catalog (read
 * once per process), the checks every parsed catalog and every classified
 * answer must pass, and a crash helper that names the broken invariant.
 *
 * A target returns normally when the input was handled as the code promises
 * (parsed, or rejected with FileError); it aborts through invariant() when a
 * promise is broken, so libFuzzer saves the input as a crash.
 */
#pragma once

#include <string>
#include <string_view>

#include "policy/answer/reply.hh"
#include "policy/catalog/catalog.hh"

namespace orchard::fuzz {

/** Aborts with `what` on stderr when `ok` is false. */
void invariant(bool ok, std::string_view what);

/** The shipped catalog's path: $ORCHARD_CATALOG, else the source tree's copy. */
std::string shippedCatalogPath();
/** The shipped catalog, read once. */
const Catalog& shippedCatalog();

/** Compiles `c` into a matcher and checks that every host and wildcard row
 *  matches its own name (or a name under the wildcard). */
void checkCatalog(const Catalog& c);

/** What the engine does with one answer, minus threads and I/O: match the
 *  query name on the shipped catalog, classify, format the log line; then
 *  checks the outcome's invariants (admitted addresses are routable, a
 *  subset of the chain's, and only come from an `answered` outcome; the
 *  chain is bounded; the log line is one printable line). */
void checkReply(const Reply& reply, bool allowPrivate);

}  // namespace orchard::fuzz
