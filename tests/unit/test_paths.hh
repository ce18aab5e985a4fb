/**
 * \file test_paths.hh
 * Where unit tests find the shipped catalog: $ORCHARD_CATALOG (set by
 * `make check`), else the source tree relative to the working directory.
 */
#pragma once

#include <cstdlib>
#include <string>

inline std::string shippedCatalogPath() {
  const char* env = std::getenv("ORCHARD_CATALOG");
  return env && *env ? env : "policy/catalog/apple.catalog";
}
