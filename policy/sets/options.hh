/**
 * \file options.hh
 * How firewall address sets are fed: which backend, where the sets live, how
 * they are shaped, and how long their elements stay. Part of EngineConfig,
 * read by the engine (sets/feeder.hh) and by `orchardctl gen nftables|ipset|
 * pf`, so that the runtime and the generated ruleset agree on every name.
 *
 * Configuration keywords (engine_config.hh):
 *   sets nftables               # or: ipset | none (default)
 *   nft-table inet orchard      # nftables family and table
 *   set-prefix orchard          # set names: orchard4, orchard6, ...
 *   set-mode service            # address.protocol.port elements (default),
 *                               # or: section (plain address sets per section)
 *   set-timeout-floor 300       # seconds; element timeout is the answer's
 *   set-timeout-ceiling 86400   #   TTL plus the grace, clamped to floor and
 *   set-grace 60                #   ceiling
 *   shadow-max 65536            # elements remembered (bounded, evictions counted)
 *   apple-block no              # yes: 17.0.0.0/8 on every port as static content
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "policy/base/enum_names.hh"

namespace orchard {

enum class SetBackendKind : uint8_t { none, nftables, ipset };
constexpr auto namesOf(SetBackendKind) {
  return std::to_array<EnumName<SetBackendKind>>({
      {SetBackendKind::none, "none"},
      {SetBackendKind::nftables, "nftables"},
      {SetBackendKind::ipset, "ipset"},
  });
}

enum class SetMode : uint8_t { service, section };
constexpr auto namesOf(SetMode) {
  return std::to_array<EnumName<SetMode>>({
      {SetMode::service, "service"},
      {SetMode::section, "section"},
  });
}

struct SetOptions {
  SetBackendKind backend = SetBackendKind::none;
  std::string nftFamily = "inet";
  std::string nftTable = "orchard";
  std::string prefix = "orchard";
  SetMode mode = SetMode::service;
  uint32_t timeoutFloor = 300;      // seconds
  uint32_t timeoutCeiling = 86400;  // seconds
  uint32_t grace = 60;              // seconds
  size_t shadowMax = 65536;
  bool appleBlock = false;
};

}  // namespace orchard
