/**
 * \file command.hh
 * orchardctl's subcommand table and the option parsing every subcommand
 * shares: --help that teaches with an example, one-line option errors that
 * point to --help, and the catalog/site options.
 */
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/catalog/catalog.hh"

namespace orchard::ctl {

namespace po = boost::program_options;

/** Exit statuses, documented in `orchardctl --help`. */
enum Exit : int { kOk = 0, kNoMatch = 1, kUsage = 2, kFailure = 3 };

struct Command {
  std::string_view name;
  std::string_view summary;
  std::function<int(const std::vector<std::string>& args)> run;
};

/** Every subcommand, in the order `orchardctl --help` lists them: the
 *  offline ones, then the live ones from the control command table. */
const std::vector<Command>& commands();

/** What a subcommand tells the parser about itself. */
struct Usage {
  std::string_view name;      // "match"
  std::string_view synopsis;  // "NAME|ADDRESS... [options]"
  std::string_view about;     // a paragraph
  std::string_view examples;  // lines, each a full command
};

/** Parses args; prints --help or a one-line error itself. On nullopt the
 *  subcommand returns `exitCode` (kOk after --help, kUsage after an error). */
std::optional<po::variables_map> parseArgs(const Usage& usage, po::options_description opts,
                                           const po::positional_options_description& pos,
                                           const std::vector<std::string>& args, int& exitCode);

/** Adds --catalog and --site. */
void addCatalogOptions(po::options_description& opts);
/** Loads the catalog named by the options (or the defaults); prints the
 *  file:line error and returns nullopt on failure. */
std::optional<Catalog> loadCatalogFrom(const po::variables_map& vm);

/** Adds --format with the allowed values, the first being the default. */
void addFormatOption(po::options_description& opts, std::vector<std::string> formats);
/** The --format value, or nullopt (error printed) when it is not allowed. */
std::optional<std::string> formatFrom(const po::variables_map& vm, std::string_view command,
                                      const std::vector<std::string>& formats);

}  // namespace orchard::ctl
