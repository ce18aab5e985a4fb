/**
 * \file test-command-args.cc
 * Tests policy/control/command_args.cc on a command of its own: flags and
 * valued options by name, the last of a repeated option, the positional
 * argument (at most one, required or not), --json only where offered, and
 * one-line usage errors for anything the entry does not describe.
 */
#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "policy/control/command_args.hh"

using namespace orchard;

namespace {

constexpr CommandOption kOptions[] = {
    {"all", "", "a flag"},
    {"limit", "N", "a valued option"},
    {"out", "FILE", "the client's", OptionSide::client},
};

constexpr CommandSpec kList{.name = "list",
                            .synopsis = "[ITEM] [--all] [--limit N] [--json]",
                            .summary = "s",
                            .about = "a",
                            .examples = "  orchardctl list",
                            .options = kOptions,
                            .positional = Positional::optional,
                            .argument = "ITEM",
                            .argumentHelp = "one item",
                            .json = true};

constexpr CommandSpec kShow{.name = "show",
                            .synopsis = "ITEM",
                            .summary = "s",
                            .about = "a",
                            .examples = "  orchardctl show x",
                            .positional = Positional::required,
                            .argument = "ITEM",
                            .argumentHelp = "the item"};

std::optional<CommandArgs> parse(const CommandSpec& spec, std::vector<std::string> args, bool json,
                                 std::string& error) {
  error.clear();
  return CommandArgs::parse(spec, ControlRequest{std::string(spec.name), std::move(args), json},
                            error);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_command_args)

BOOST_AUTO_TEST_CASE(options_and_argument_by_name) {
  std::string error;
  auto a = parse(kList, {"--limit", "5", "apple", "--all", "--limit", "7"}, true, error);
  BOOST_REQUIRE_MESSAGE(a.has_value(), error);
  BOOST_TEST(a->has("all"));
  BOOST_TEST(a->has("limit"));
  BOOST_TEST(a->value("limit").value() == "7");  // the last one
  BOOST_TEST(a->argument().value() == "apple");
  BOOST_TEST(a->json());
  auto none = parse(kList, {}, false, error);
  BOOST_REQUIRE(none.has_value());
  BOOST_TEST(!none->has("all"));
  BOOST_TEST(!none->value("limit").has_value());
  BOOST_TEST(!none->argument().has_value());
  BOOST_TEST(!none->json());
  // A value is the next word, whatever it looks like.
  auto dashed = parse(kList, {"--limit", "--all"}, false, error);
  BOOST_REQUIRE(dashed.has_value());
  BOOST_TEST(dashed->value("limit").value() == "--all");
  BOOST_TEST(!dashed->has("all"));
}

BOOST_AUTO_TEST_CASE(what_the_entry_does_not_describe_is_an_error) {
  std::string error;
  const std::string usage = " (usage: list [ITEM] [--all] [--limit N] [--json])";
  BOOST_TEST(!parse(kList, {"--some"}, false, error));
  BOOST_TEST(error == "list: unexpected '--some'" + usage);
  BOOST_TEST(!parse(kList, {"--out", "f"}, false, error));  // the client's, never sent
  BOOST_TEST(error == "list: unexpected '--out'" + usage);
  BOOST_TEST(!parse(kList, {"a", "b"}, false, error));
  BOOST_TEST(error == "list: unexpected 'b'" + usage);
  BOOST_TEST(!parse(kList, {"--all", "--limit"}, false, error));
  BOOST_TEST(error == "list: --limit needs a value" + usage);
  BOOST_TEST(!parse(kList, {"--ALL"}, false, error));
  BOOST_TEST(!parse(kShow, {}, false, error));
  BOOST_TEST(error == "show: missing ITEM (usage: show ITEM)");
  BOOST_TEST(!parse(kShow, {"x"}, true, error));
  BOOST_TEST(error == "show: --json is not offered (usage: show ITEM)");
  BOOST_TEST(!parse(kShow, {"--all", "x"}, false, error));
  BOOST_TEST(error == "show: unexpected '--all' (usage: show ITEM)");
  BOOST_TEST(parse(kShow, {"-x"}, false, error).has_value());  // one dash: an argument
}

BOOST_AUTO_TEST_CASE(a_handler_asking_for_an_undescribed_option_is_a_bug) {
  std::string error;
  auto a = parse(kList, {}, false, error);
  BOOST_REQUIRE(a.has_value());
  BOOST_CHECK_THROW(a->has("verbose"), std::logic_error);
  BOOST_CHECK_THROW(a->value("out"), std::logic_error);  // the client's
}

BOOST_AUTO_TEST_CASE(positive_numbers) {
  std::string error;
  size_t n = 42;
  auto unset = parse(kList, {}, false, error);
  BOOST_TEST(unset->positive("limit", n, error));
  BOOST_TEST(n == 42u);  // left alone
  BOOST_TEST(parse(kList, {"--limit", "7"}, false, error)->positive("limit", n, error));
  BOOST_TEST(n == 7u);
  for (const char* bad : {"0", "-1", "x", "7x", "", "99999999999999999999999"}) {
    error.clear();
    auto a = parse(kList, {"--limit", bad}, false, error);
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(!a->positive("limit", n, error), bad);
    BOOST_TEST(error == "list: --limit takes a positive number, not '" + std::string(bad) + "'");
  }
  BOOST_TEST(n == 7u);
}

BOOST_AUTO_TEST_CASE(usage_error_text) {
  BOOST_TEST(usageError(kShow, "oops") == "show: oops (usage: show ITEM)");
}

BOOST_AUTO_TEST_SUITE_END()
