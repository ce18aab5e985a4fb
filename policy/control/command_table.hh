/**
 * \file command_table.hh
 * The one definition of every control command, as plain data: its name,
 * synopsis, one-line summary, the paragraph and examples `orchardctl NAME
 * --help` teaches, its options, its positional argument, whether it offers
 * --json, whether it changes state, and whether it needs a set backend.
 *
 * Everything that describes a command reads it from here: the server binds
 * a handler to each entry by name and answers `help` and usage errors with
 * the synopsis (control/commands.hh), the arguments of a request are checked
 * against it (control/command_args.hh), orchardctl builds each live
 * subcommand's options and --help from it (tools/cmd_live.cc), and
 * doc/control-protocol.md lists the same commands (a unit test compares).
 * No Engine and no handler here: the table is what a client may know.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace orchard {

/** Where an option is handled. */
enum class OptionSide : uint8_t {
  server,  // sent in the request, read by the command's handler
  client,  // orchardctl's own, never sent (stats --textfile)
};

/** A flag (`--elements`) or a valued option (`--limit N`). */
struct CommandOption {
  std::string_view name;   // without the dashes: "limit"
  std::string_view value;  // what the value is called ("N"); "" for a flag
  std::string_view help;   // one line
  OptionSide side = OptionSide::server;
  bool flag() const { return value.empty(); }
};

/** Whether a command takes one positional argument. */
enum class Positional : uint8_t { none, required, optional };

struct CommandSpec {
  std::string_view name;      // "recent"
  std::string_view synopsis;  // after the name, as the server reads it: "[--limit K] [--json]"
  std::string_view summary;   // one line, for command lists
  std::string_view about;     // a paragraph
  std::string_view examples;  // lines, each a full orchardctl command, indented by two
  std::span<const CommandOption> options = {};
  Positional positional = Positional::none;
  std::string_view argument = {};      // the positional's name in the synopsis ("NAME")
  std::string_view argumentHelp = {};  // its meaning
  bool json = false;                   // offers --json
  bool changesState = false;           // flush, reload, reopen-log: more than a look
  bool needsSets = false;              // answers only with a set backend (sets, flush)
};

/** Every control command, in the order help lists them. */
std::span<const CommandSpec> controlCommandTable();
/** The command called `name`, or nullptr. */
const CommandSpec* findControlCommand(std::string_view name);
/** The option `--name` of `spec`, or nullptr. */
const CommandOption* findOption(const CommandSpec& spec, std::string_view name);
/** "recent [--blocked|--failed] [--name NAME] [--limit K] [--json]": the
 *  name and the synopsis, what the server's help and usage errors print. */
std::string usageOf(const CommandSpec& spec);

}  // namespace orchard
