/**
 * \file control_client.hh
 * The client side of the control protocol (doc/control-protocol.md): one
 * request to the resolver module's control socket, its answer split into
 * status and data. Used by orchardctl's live commands.
 */
#pragma once

#include <string>

namespace orchard::ctl {

struct ControlAnswer {
  bool ok = false;
  std::string data;  // after "ok", or the error text after "error "
};

/** $ORCHARD_CONTROL, else /run/orchard/control.sock. */
std::string defaultControlSocket();
/** Sends `request` (one line, no newline) and reads the whole answer.
 *  Throws std::runtime_error naming the socket when it cannot talk to it. */
ControlAnswer askControl(const std::string& socketPath, const std::string& request,
                         int timeoutMs = 10000);

}  // namespace orchard::ctl
