/**
 * \file fuzz-catalog.cc
 * libFuzzer target: the catalog file parser. The input is a catalog file's
 * text; parseCatalog() must either throw FileError or return a catalog that
 * compiles into a matcher in which every row matches its own name. Any other
 * exception, crash or sanitizer report is a bug.
 */
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/base/config_lexer.hh"
#include "policy/catalog/parser.hh"
#include "tests/fuzz/fuzz_common.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    orchard::fuzz::checkCatalog(orchard::parseCatalog(text, "fuzz.catalog"));
  } catch (const orchard::FileError&) {
    // Rejected with a located message: the promised behaviour.
  }
  return 0;
}
