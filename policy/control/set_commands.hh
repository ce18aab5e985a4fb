/**
 * \file set_commands.hh
 * Control commands about firewall sets: `sets` (each set as the kernel and
 * the shadow table see it: counts; with --elements the elements, at most
 * --limit per set), `why ADDRESS` (is it in a set, since when, until
 * when, because of which name, chain and row; or why not), `flush [SET]`.
 * Present only when a set backend is configured; `why` works without one
 * (it then explains what Orchard saw).
 */
#pragma once

#include <string>
#include <vector>

#include "policy/control/server.hh"

namespace orchard {

class Engine;

/** Elements `sets --elements` shows per set without --limit. */
constexpr size_t kSetsDefaultLimit = 1000;

/** "nftables: 2 sets present, 0 failures" or "none". */
std::string setBackendSummary(const Engine& e);
std::vector<ControlCommand> setCommands(Engine& e);

}  // namespace orchard
