/**
 * \file options.cc
 * Words of the set options (see sets/options.hh).
 */
#include "policy/sets/options.hh"

namespace orchard {

std::string_view toString(SetBackendKind k) {
  switch (k) {
    case SetBackendKind::none: return "none";
    case SetBackendKind::nftables: return "nftables";
    case SetBackendKind::ipset: return "ipset";
  }
  return "?";
}

std::string_view toString(SetMode m) { return m == SetMode::section ? "section" : "service"; }

std::optional<SetBackendKind> setBackendFromString(std::string_view s) {
  for (auto k : {SetBackendKind::none, SetBackendKind::nftables, SetBackendKind::ipset})
    if (toString(k) == s) return k;
  return std::nullopt;
}

std::optional<SetMode> setModeFromString(std::string_view s) {
  for (auto m : {SetMode::service, SetMode::section})
    if (toString(m) == s) return m;
  return std::nullopt;
}

}  // namespace orchard
