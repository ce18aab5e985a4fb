/**
 * \file fuzz-site.cc
 * libFuzzer target: a site file applied on top of the shipped catalog, as
 * the engine does at start-up and on reload. applySite() must either throw
 * FileError or return a catalog whose rows all match their own names; the
 * shipped catalog it started from must be left untouched.
 */
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/base/config_lexer.hh"
#include "policy/catalog/parser.hh"
#include "tests/fuzz/fuzz_common.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const orchard::Catalog& base = orchard::fuzz::shippedCatalog();
  static const size_t baseRows = base.rows().size();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    orchard::fuzz::checkCatalog(orchard::applySite(base, text, "fuzz.site"));
  } catch (const orchard::FileError&) {
    // Rejected with a located message: the promised behaviour.
  }
  orchard::fuzz::invariant(base.rows().size() == baseRows, "applySite changed its base");
  return 0;
}
