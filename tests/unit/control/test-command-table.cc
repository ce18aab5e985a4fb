/**
 * \file test-command-table.cc
 * Tests policy/control/command_table.cc: every entry is whole and says of
 * itself what it does (its synopsis names exactly its options, its
 * argument and --json where offered; its texts fit the help pages), the
 * commands that change state or need a set backend are the known ones,
 * and doc/control-protocol.md lists the same commands with the same
 * synopses and properties. That every entry has a handler is tested in
 * test-commands.cc (engineCommands on a real Engine).
 */
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "policy/control/command_table.hh"
#include "tests/unit/test_paths.hh"

using namespace orchard;

namespace {

/** A file of the source tree: under $abs_top_srcdir (make check), else
 *  beside the catalog $ORCHARD_CATALOG names, else relative. */
std::string sourcePath(const std::string& relative) {
  if (const char* top = std::getenv("abs_top_srcdir"); top && *top)
    return std::string(top) + "/" + relative;
  std::string catalog = shippedCatalogPath();
  const std::string tail = "policy/catalog/apple.catalog";
  if (catalog.ends_with(tail)) return catalog.substr(0, catalog.size() - tail.size()) + relative;
  return relative;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::set<std::string> namesWhere(bool (*pick)(const CommandSpec&)) {
  std::set<std::string> out;
  for (const CommandSpec& c : controlCommandTable())
    if (pick(c)) out.emplace(c.name);
  return out;
}

/** The options a synopsis names ("--limit" -> "limit"). */
std::set<std::string> synopsisOptions(std::string_view synopsis) {
  static const std::regex option("--([a-z-]+)");
  std::set<std::string> out;
  std::string s(synopsis);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), option); it != std::sregex_iterator();
       ++it)
    out.insert((*it)[1]);
  return out;
}

const char* yesNo(bool b) { return b ? "yes" : "no"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(control_command_table)

BOOST_AUTO_TEST_CASE(names_are_unique_and_found) {
  std::set<std::string_view> seen;
  for (const CommandSpec& c : controlCommandTable()) {
    BOOST_TEST(seen.insert(c.name).second, c.name << " twice");
    BOOST_TEST(findControlCommand(c.name) == &c);
  }
  BOOST_TEST(seen.size() == 9u);
  BOOST_TEST(findControlCommand("help") == nullptr);  // the server's own
  BOOST_TEST(findControlCommand("Status") == nullptr);
}

BOOST_AUTO_TEST_CASE(texts_fit_the_help_pages) {
  for (const CommandSpec& c : controlCommandTable()) {
    // orchardctl --help: two spaces, the name in 13 columns, the summary.
    BOOST_TEST(!c.summary.empty());
    BOOST_TEST(c.summary.find('\n') == std::string_view::npos, c.name);
    BOOST_TEST(c.summary.size() <= 65u, c.name);
    BOOST_TEST(!c.about.empty());
    std::istringstream about{std::string(c.about)};
    for (std::string line; std::getline(about, line);) BOOST_TEST(line.size() <= 80u, line);
    BOOST_TEST(!c.examples.empty());
    std::istringstream examples{std::string(c.examples)};
    for (std::string line; std::getline(examples, line);)
      BOOST_TEST(line.starts_with("  orchardctl " + std::string(c.name)), line);
    for (const CommandOption& o : c.options) {
      BOOST_TEST(!o.name.starts_with("-"), o.name);
      BOOST_TEST(!o.help.empty());
      BOOST_TEST(o.help.find('\n') == std::string_view::npos, o.name);
      BOOST_TEST(findOption(c, o.name) == &o);
    }
    BOOST_TEST(findOption(c, "json") == nullptr, "--json is the `json` field, not an option");
  }
}

BOOST_AUTO_TEST_CASE(synopsis_names_exactly_what_the_server_takes) {
  for (const CommandSpec& c : controlCommandTable()) {
    std::set<std::string> server;
    for (const CommandOption& o : c.options) {
      if (o.side == OptionSide::client) continue;
      server.emplace(o.name);
      std::string shown = "--" + std::string(o.name) + (o.flag() ? "" : " " + std::string(o.value));
      BOOST_TEST(c.synopsis.find(shown) != std::string_view::npos, c.name << ": " << shown);
    }
    if (c.json) server.insert("json");
    BOOST_TEST(synopsisOptions(c.synopsis) == server, c.name);
    BOOST_TEST((c.synopsis.find("[--json]") != std::string_view::npos) == c.json, c.name);
    std::string arg(c.argument);
    switch (c.positional) {
      case Positional::none:
        BOOST_TEST(arg.empty(), c.name);
        BOOST_TEST(c.argumentHelp.empty(), c.name);
        break;
      case Positional::required:
        BOOST_TEST((c.synopsis == arg || c.synopsis.starts_with(arg + " ")), c.name);
        BOOST_TEST(!c.argumentHelp.empty(), c.name);
        break;
      case Positional::optional:
        BOOST_TEST(c.synopsis.starts_with("[" + arg + "]"), c.name);
        BOOST_TEST(!c.argumentHelp.empty(), c.name);
        break;
    }
  }
}

BOOST_AUTO_TEST_CASE(usage_is_name_and_synopsis) {
  BOOST_TEST(usageOf(*findControlCommand("reload")) == "reload");
  BOOST_TEST(usageOf(*findControlCommand("recent")) ==
             "recent [--blocked|--failed] [--name NAME] [--limit K] [--json]");
  BOOST_TEST(usageOf(*findControlCommand("sets")) ==
             "sets [SET] [--elements [--limit N]] [--json]");
  BOOST_TEST(usageOf(*findControlCommand("flush")) == "flush [SET]");
}

BOOST_AUTO_TEST_CASE(state_changing_and_set_commands) {
  BOOST_TEST(namesWhere([](const CommandSpec& c) { return c.changesState; }) ==
             (std::set<std::string>{"flush", "reload", "reopen-log"}));
  BOOST_TEST(namesWhere([](const CommandSpec& c) { return c.needsSets; }) ==
             (std::set<std::string>{"flush", "sets"}));
  BOOST_TEST(namesWhere([](const CommandSpec& c) { return !c.json; }) ==
             (std::set<std::string>{"flush", "reload", "reopen-log", "why"}));
  // --textfile is orchardctl's, and only stats has it.
  const CommandOption* textfile = findOption(*findControlCommand("stats"), "textfile");
  BOOST_REQUIRE(textfile != nullptr);
  BOOST_TEST((textfile->side == OptionSide::client));
}

BOOST_AUTO_TEST_CASE(the_protocol_document_lists_every_command) {
  std::string doc = readFile(sourcePath("doc/control-protocol.md"));
  size_t from = doc.find("\n## Commands\n");
  BOOST_REQUIRE(from != std::string::npos);
  size_t to = doc.find("\n## ", from + 1);
  std::string commands = doc.substr(from, to == std::string::npos ? to : to - from);
  std::set<std::string> headings;
  static const std::regex heading("\n### ([a-z-]+)\n");
  for (auto it = std::sregex_iterator(commands.begin(), commands.end(), heading);
       it != std::sregex_iterator(); ++it)
    headings.insert((*it)[1]);
  BOOST_TEST(headings == namesWhere([](const CommandSpec&) { return true; }));
  for (const CommandSpec& c : controlCommandTable()) {
    // A table cell writes `|` as `\|`, even in code.
    std::string usage = std::regex_replace(usageOf(c), std::regex("\\|"), "\\|");
    std::string row = "\n| `" + usage + "` | " + yesNo(c.json) + " | " + yesNo(c.changesState) +
                      " | " + yesNo(c.needsSets) + " |";
    BOOST_TEST(commands.find(row) != std::string::npos, "doc/control-protocol.md lacks" << row);
  }
}

BOOST_AUTO_TEST_SUITE_END()
