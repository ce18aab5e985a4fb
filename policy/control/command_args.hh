/**
 * \file command_args.hh
 * A request's arguments checked against its command's entry in the table
 * (control/command_table.hh): only the options the entry names (server
 * side), each valued option with its value, at most the positional the
 * entry takes (and the one it requires), and --json only where offered.
 * So a handler reads what it was given by name and never sees an argument
 * its entry does not describe; what an argument means (a positive number,
 * a DNS name) the handler still checks.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/control/command_table.hh"
#include "policy/control/server.hh"

namespace orchard {

class CommandArgs {
 public:
  /** Checks `request` against `spec`; nullopt and `error` (one line:
   *  "recent: unexpected '--x' (usage: recent ...)") when it does not fit. */
  static std::optional<CommandArgs> parse(const CommandSpec& spec, const ControlRequest& request,
                                          std::string& error);

  /** Whether flag or valued option `option` was given. Throws
   *  std::logic_error for an option the command's entry does not name. */
  bool has(std::string_view option) const;
  /** The value of `option` (the last, if given twice), or nullopt. */
  std::optional<std::string> value(std::string_view option) const;
  /** The value of `option` as a positive number into `out` (left alone
   *  when the option is not given); false and `error` when it is not one. */
  bool positive(std::string_view option, size_t& out, std::string& error) const;
  /** The positional argument, if given. */
  const std::optional<std::string>& argument() const { return argument_; }
  bool json() const { return json_; }

 private:
  explicit CommandArgs(const CommandSpec& spec) : spec_(&spec) {}
  /** Throws std::logic_error unless `name` is a server option of the entry. */
  void requireOption(std::string_view name) const;

  const CommandSpec* spec_;
  std::vector<std::pair<std::string_view, std::string>> given_;  // name, value ("" for a flag)
  std::optional<std::string> argument_;
  bool json_ = false;
};

/** "NAME: PROBLEM (usage: NAME SYNOPSIS)". */
std::string usageError(const CommandSpec& spec, const std::string& problem);

}  // namespace orchard
