/**
 * \file server.hh
 * The control channel: a Unix socket served by one thread of its own, so a
 * control client can never block a resolver thread; its sockets are all
 * non-blocking, so one client (silent, flooding, or not reading its answer)
 * never blocks another either. Speaks the protocol in
 * doc/control-protocol.md: a greeting, one request line, `ok` or
 * `error <text>` then data. Commands dispatch from a table given by the
 * owner (the engine's: control/commands.hh, built from the command table
 * in control/command_table.hh).
 */
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace orchard {

/** A command's answer: ok with data, or an error with a one-line text. */
struct ControlReply {
  bool ok = true;
  std::string text;  // data after "ok", or the error text
  static ControlReply error(std::string t) { return {false, std::move(t)}; }
};

struct ControlRequest {
  std::string command;
  std::vector<std::string> args;  // without --json
  bool json = false;
};

struct ControlCommand {
  std::string name;
  std::string usage;  // "recent [--blocked|--failed] [--name NAME] [--limit K] [--json]"
  std::string help;   // one line
  std::function<ControlReply(const ControlRequest&)> run;
};

struct ControlSocketOptions {
  std::string path;
  mode_t mode = 0660;
  std::string group;  // "" keeps the process's group
};

/** Splits a request line into a request; false (and `error`) if malformed. */
bool parseControlRequest(std::string_view line, ControlRequest& out, std::string& error);
/** The full answer text for a request: "ok\n..." or "error ...\n". */
std::string dispatchControl(const std::vector<ControlCommand>& commands, std::string_view line);

class ControlServer {
 public:
  static constexpr size_t kMaxRequest = 4096;
  static constexpr int kTimeoutMs = 5000;
  static constexpr size_t kMaxClients = 64;

  /** Binds the socket (replacing a stale one) and starts serving. Throws
   *  std::runtime_error naming the path when it cannot. */
  ControlServer(const ControlSocketOptions& options, std::vector<ControlCommand> commands);
  ~ControlServer();  // stops the thread, removes the socket
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

 private:
  void run();
  ControlSocketOptions options_;
  std::vector<ControlCommand> commands_;
  int listenFd_ = -1;
  int wakeFd_ = -1;  // eventfd: written by the destructor to stop run()
  std::thread thread_;
};

}  // namespace orchard
