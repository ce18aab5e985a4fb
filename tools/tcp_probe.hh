/**
 * \file tcp_probe.hh
 * TCP connect checks for `orchardctl verify --connect`: does a connection
 * to ADDRESS:PORT open? Non-blocking connects, at most `parallel` at once,
 * each bounded by a timeout; nothing is sent, the socket is closed as soon
 * as the handshake finished (or failed).
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "policy/base/address.hh"
#include "policy/base/enum_names.hh"

namespace orchard::ctl {

enum class ProbeResult : uint8_t { open, refused, timeout, unreachable, error };
constexpr auto namesOf(ProbeResult) {
  return std::to_array<EnumName<ProbeResult>>({
      {ProbeResult::open, "open"},
      {ProbeResult::refused, "refused"},
      {ProbeResult::timeout, "timeout"},
      {ProbeResult::unreachable, "unreachable"},
      {ProbeResult::error, "error"},
  });
}

struct Probe {
  Address address;
  uint16_t port = 0;
  ProbeResult result = ProbeResult::error;
};

/** Fills in every probe's result. `tick` runs after each one finishes. */
void runTcpProbes(std::vector<Probe>& probes, size_t parallel, std::chrono::milliseconds timeout,
                  const std::function<void()>& tick);

}  // namespace orchard::ctl
