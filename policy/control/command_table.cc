/**
 * \file command_table.cc
 * The control commands' texts and options (see control/command_table.hh).
 * Each text says what the handler does (control/commands.cc,
 * control/set_commands.cc); change them together.
 */
#include "policy/control/command_table.hh"

namespace orchard {
namespace {

constexpr CommandOption kStatsOptions[] = {
    {"prometheus", "", "the Prometheus text format instead (--json is then ignored)"},
    {"textfile", "FILE", "write the answer to FILE (atomically) instead of printing it",
     OptionSide::client},
};

constexpr CommandOption kRecentOptions[] = {
    {"blocked", "", "only blocked outcomes"},
    {"failed", "", "only outcomes other than answered"},
    {"name", "NAME", "only this query name (any case, trailing dot or not)"},
    {"limit", "K", "at most the K newest outcomes (default 20)"},
};

constexpr CommandOption kSetsOptions[] = {
    {"elements", "", "list the elements too"},
    {"limit", "N", "with --elements: at most N per set (default 1000)"},
};

constexpr CommandSpec kCommands[] = {
    {.name = "status",
     .synopsis = "[--json]",
     .summary = "version, uptime, configuration, catalog, log and set health",
     .about = "Version, uptime, configuration file, catalog and site file with their rows,\n"
              "the outcome log (lines written, dropped, lost) and the firewall sets'\n"
              "health (sets present, failures, the last error).",
     .examples = "  orchardctl status\n  orchardctl status --json | jq .sets",
     .json = true},
    {.name = "stats",
     .synopsis = "[--prometheus] [--json]",
     .summary = "counters by section, row and outcome, set feeder and log",
     .about = "Catalog queries by outcome (answered, nodata, nxdomain, servfail, refused,\n"
              "blocked), in all, per section and per catalog row (the text lists the rows\n"
              "that have a count, --json every row); outcome log lines pushed, written,\n"
              "dropped and lost; CNAME targets known; with a set backend, the set\n"
              "feeder's counters (elements added, failures, refills, shadow table size).\n"
              "--prometheus prints the Prometheus text format; --textfile writes it\n"
              "(atomically) for node_exporter's textfile collector.",
     .examples = "  orchardctl stats\n"
                 "  orchardctl stats --prometheus --textfile "
                 "/var/lib/node_exporter/textfile/orchard.prom",
     .options = kStatsOptions,
     .json = true},
    {.name = "recent",
     .synopsis = "[--blocked|--failed] [--name NAME] [--limit K] [--json]",
     .summary = "the last outcomes (--blocked, --failed, --name, --limit)",
     .about = "The last logged outcomes, newest last, from an in-memory ring of 1024\n"
              "(catalog names; every name with `log-queries all`), also with `log none`.\n"
              "--json prints them as a JSON array of outcome log lines.",
     .examples = "  orchardctl recent --blocked\n  orchardctl recent --name gs.apple.com --limit 5",
     .options = kRecentOptions,
     .json = true},
    {.name = "explain",
     .synopsis = "NAME [--json]",
     .summary = "rows, live counters, last outcome and CNAMEs of a name",
     .about = "What Orchard knows of a name right now: the catalog rows that match it\n"
              "(how, and the ports they allow), their live counters, the name's last\n"
              "outcome and the CNAME targets seen for those rows. A name no row matches\n"
              "is neither logged nor admitted.",
     .examples = "  orchardctl explain mesu.apple.com",
     .positional = Positional::required,
     .argument = "NAME",
     .argumentHelp = "the DNS name to explain",
     .json = true},
    {.name = "why",
     .synopsis = "ADDRESS",
     .summary = "why an address is in a firewall set, or why not",
     .about = "Why an address is (or is not) in a firewall set: the name, CNAME chain and\n"
              "rows that brought it, when, and each element the layout gives it, in the\n"
              "kernel or not and held until when; or why not (never seen, refused as a\n"
              "sinkhole or bogon). Without a set backend it says what Orchard saw.",
     .examples = "  orchardctl why 203.0.113.100",
     .positional = Positional::required,
     .argument = "ADDRESS",
     .argumentHelp = "an IPv4 or IPv6 address"},
    {.name = "sets",
     .synopsis = "[SET] [--elements [--limit N]] [--json]",
     .summary = "set counts, kernel beside shadow table; --elements lists them",
     .about = "Each set's counts: kernel entries, shadow table elements, and the\n"
              "differences (missing in the kernel, only in the kernel, timeouts apart).\n"
              "--elements lists the elements too, differences first, at most N per set\n"
              "(default 1000), and says how many more there are. Needs a set backend.",
     .examples = "  orchardctl sets\n  orchardctl sets orchard4 --elements --limit 50",
     .options = kSetsOptions,
     .positional = Positional::optional,
     .argument = "SET",
     .argumentHelp = "only this set (default: every set)",
     .json = true,
     .needsSets = true},
    {.name = "flush",
     .synopsis = "[SET]",
     .summary = "empty the dynamic sets (or SET) in the kernel and shadow table",
     .about = "Empties one dynamic set, or all of them, in the kernel and the shadow\n"
              "table; the next answers for their names fill them again. A static set\n"
              "(address blocks) is not flushed: naming one is an error. Needs a set\n"
              "backend.",
     .examples = "  orchardctl flush orchard4",
     .positional = Positional::optional,
     .argument = "SET",
     .argumentHelp = "only this dynamic set (default: every dynamic set)",
     .changesState = true,
     .needsSets = true},
    {.name = "reload",
     .synopsis = "",
     .summary = "re-read catalog and site file (a bad file keeps the old policy)",
     .about = "Re-reads the catalog and the site file; a bad file keeps the old policy,\n"
              "and the error names its file and line. Per-row counters start again\n"
              "with the new policy.",
     .examples = "  orchardctl reload",
     .changesState = true},
    {.name = "reopen-log",
     .synopsis = "",
     .summary = "reopen the outcome log file (after logrotate)",
     .about = "Makes the log writer reopen the outcome log file (after logrotate moved\n"
              "it), within a moment; if the path cannot be opened, the old file stays in\n"
              "use and the reopen is retried every second.",
     .examples = "  orchardctl reopen-log",
     .changesState = true},
};

}  // namespace

std::span<const CommandSpec> controlCommandTable() { return kCommands; }

const CommandSpec* findControlCommand(std::string_view name) {
  for (const CommandSpec& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

const CommandOption* findOption(const CommandSpec& spec, std::string_view name) {
  for (const CommandOption& o : spec.options)
    if (o.name == name) return &o;
  return nullptr;
}

std::string usageOf(const CommandSpec& spec) {
  std::string out(spec.name);
  if (!spec.synopsis.empty()) out += " " + std::string(spec.synopsis);
  return out;
}

}  // namespace orchard
