/**
 * \file fuzz-engine-config.cc
 * libFuzzer target: the engine configuration file (orchard.conf), read by
 * the resolver module at start-up. parseEngineConfig() must either throw
 * FileError or return settings within their documented bounds.
 */
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/base/config_lexer.hh"
#include "policy/engine_config.hh"
#include "tests/fuzz/fuzz_common.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using orchard::fuzz::invariant;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    orchard::EngineConfig c = orchard::parseEngineConfig(text, "/etc/orchard/fuzz.conf");
    invariant(c.log.queue >= 16 && c.log.queue <= 16 * 1024 * 1024, "log-queue out of bounds");
    invariant(c.saveInterval >= 1 && c.saveInterval <= 86400, "save-interval out of bounds");
    invariant(!c.catalog.empty(), "empty catalog path");
  } catch (const orchard::FileError&) {
    // Rejected with a located message: the promised behaviour.
  }
  return 0;
}
