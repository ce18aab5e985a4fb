/**
 * \file upstream.hh
 * A resolver address as the user types it: `ADDR[@PORT]` (Unbound's own
 * notation), e.g. `192.0.2.53`, `192.0.2.53@5353`, `2001:db8::53@53`.
 * `gen unbound-forward|dnsmasq|bind --upstream` and `verify --resolver`
 * read it; each generator then spells it the way its program wants
 * (`ADDR@PORT`, `ADDR#PORT`, `ADDR port PORT`).
 */
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/base/address.hh"

namespace orchard::ctl {

struct Upstream {
  Address address;
  uint16_t port = 53;

  /** Parses `ADDR[@PORT]`; nullopt on anything else. */
  static std::optional<Upstream> parse(std::string_view text);
  /** `ADDR@PORT`, the form Unbound and libunbound read. */
  std::string text() const;
};

/** Adds a repeatable --upstream ADDR[@PORT] option. */
void addUpstreamOption(boost::program_options::options_description& opts, const char* help);
/** The parsed --upstream values; prints a one-line error naming `command`
 *  and returns nullopt on a malformed value or when none is given. */
std::optional<std::vector<Upstream>> upstreamsFrom(const boost::program_options::variables_map& vm,
                                                   std::string_view command);

}  // namespace orchard::ctl
