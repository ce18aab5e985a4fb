/**
 * \file set_commands.hh
 * Handlers of the control commands about firewall sets: `sets` (each set
 * as the kernel and the shadow table see it: counts; with --elements the
 * elements, at most --limit per set), `why ADDRESS` (is it in a set, since
 * when, until when, because of which name, chain and row; or why not),
 * `flush [SET]`. `sets` and `flush` need a set backend (their table
 * entries say so, and the binding answers an error without one); `why`
 * works without one (it then explains what Orchard saw).
 */
#pragma once

#include <span>
#include <string>

#include "policy/control/commands.hh"

namespace orchard {

class Engine;

/** Elements `sets --elements` shows per set without --limit. */
constexpr size_t kSetsDefaultLimit = 1000;

/** "nftables: 2 sets present, 0 failures" or "none". */
std::string setBackendSummary(const Engine& e);
/** The handlers of sets, why and flush, for engineCommands(). */
std::span<const CommandHandler> setHandlers();

}  // namespace orchard
