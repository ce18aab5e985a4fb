/**
 * \file cmd_live.cc
 * orchardctl's live commands: status, stats, recent, explain, why, sets,
 * flush, reload, reopen-log. Each validates its options here, sends one
 * request over the control socket and prints the answer; the work is done
 * inside the resolver (policy/control/commands.cc).
 */
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tools/command.hh"
#include "tools/commands.hh"
#include "tools/control_client.hh"

namespace orchard::ctl {
namespace {

struct Flag {
  const char* name;
  const char* help;
};

struct LiveCommand {
  Usage usage;
  std::vector<Flag> flags;   // forwarded as --flag
  std::vector<Flag> valued;  // forwarded as --opt VALUE
  int positional;            // 0 none, 1 required, 2 optional
  bool json = true;          // offers --json
};

const std::vector<LiveCommand>& liveCommands() {
  using Flags = std::vector<Flag>;
  static const std::vector<LiveCommand> table{
      LiveCommand{{"status", "[--json]",
                   "Version, uptime, configuration, catalog rows, log and set health.",
                   "  orchardctl status\n  orchardctl status --json | jq .sets"},
                  Flags{},
                  Flags{},
                  0},
      LiveCommand{{"stats", "[--prometheus [--textfile FILE]] [--json]",
                   "Counters per section and per catalog row by outcome (answered, nodata,\n"
                   "nxdomain, servfail, refused, blocked), set pushes, failures and refills, log\n"
                   "lines written and dropped. --prometheus prints the Prometheus text format;\n"
                   "with --textfile it is written (atomically) for node_exporter's textfile\n"
                   "collector.",
                   "  orchardctl stats\n"
                   "  orchardctl stats --prometheus --textfile "
                   "/var/lib/node_exporter/textfile/orchard.prom"},
                  Flags{{"prometheus", "the Prometheus text format"}},
                  Flags{},
                  0},
      LiveCommand{
          {"recent", "[--blocked|--failed] [--name NAME] [--limit K] [--json]",
           "The last outcomes for catalog names, newest last, from an in-memory ring.",
           "  orchardctl recent --blocked\n  orchardctl recent --name gs.apple.com --limit 5"},
          Flags{{"blocked", "only blocked outcomes"},
                {"failed", "only outcomes other than answered"}},
          Flags{{"name", "only this query name"}, {"limit", "at most K outcomes (default 20)"}},
          0},
      LiveCommand{{"explain", "NAME [--json]",
                   "What Orchard knows of a name right now: its catalog rows, live counters,\n"
                   "last outcome and the CNAME targets seen for it.",
                   "  orchardctl explain mesu.apple.com"},
                  Flags{},
                  Flags{},
                  1},
      LiveCommand{{"why", "ADDRESS",
                   "Why an address is (or is not) in a firewall set: the name, CNAME chain and\n"
                   "row that brought it, when, and until when; or why not (never seen, refused\n"
                   "as a sinkhole or bogon).",
                   "  orchardctl why 203.0.113.100"},
                  Flags{},
                  Flags{},
                  1,
                  false},
      LiveCommand{{"sets", "[SET] [--elements [--limit N]] [--json]",
                   "Each set's counts: kernel entries, shadow table elements, and the\n"
                   "differences (missing in the kernel, only in the kernel, timeouts apart).\n"
                   "--elements lists the elements too, differences first, at most N per set\n"
                   "(default 1000), and says how many more there are.",
                   "  orchardctl sets\n  orchardctl sets orchard4 --elements --limit 50"},
                  Flags{{"elements", "list the elements too"}},
                  Flags{{"limit", "with --elements: at most N per set (default 1000)"}},
                  2},
      LiveCommand{{"flush", "[SET]", "Empties one set (or all) in the kernel and the shadow table.",
                   "  orchardctl flush orchard4"},
                  Flags{},
                  Flags{},
                  2,
                  false},
      LiveCommand{
          {"reload", "", "Re-reads the catalog and site file; a bad file keeps the old policy.",
           "  orchardctl reload"},
          Flags{},
          Flags{},
          0,
          false},
      LiveCommand{{"reopen-log", "", "Reopens the outcome log file (after logrotate moved it).",
                   "  orchardctl reopen-log"},
                  Flags{},
                  Flags{},
                  0,
                  false},
  };
  return table;
}

/** Writes `text` to `path` through a temporary file and a rename. */
bool writeAtomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

std::string requestLine(const LiveCommand& c, const po::variables_map& vm) {
  std::string line(c.usage.name);
  for (const Flag& f : c.flags)
    if (vm.count(f.name)) line += std::string(" --") + f.name;
  for (const Flag& v : c.valued)
    if (vm.count(v.name)) line += std::string(" --") + v.name + " " + vm[v.name].as<std::string>();
  if (vm.count("arg")) line += " " + vm["arg"].as<std::string>();
  if (vm.count("json")) line += " --json";
  return line;
}

int runLive(const LiveCommand& c, const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("socket", po::value<std::string>()->value_name("PATH"),
                     "control socket (default: $ORCHARD_CONTROL or /run/orchard/control.sock)");
  if (c.json) opts.add_options()("json", "JSON instead of text");
  for (const Flag& f : c.flags) opts.add_options()(f.name, f.help);
  for (const Flag& v : c.valued) opts.add_options()(v.name, po::value<std::string>(), v.help);
  if (c.usage.name == "stats")
    opts.add_options()("textfile", po::value<std::string>()->value_name("FILE"),
                       "with --prometheus: write to FILE for node_exporter");
  po::positional_options_description pos;
  if (c.positional) {
    opts.add_options()("arg", po::value<std::string>(), "name, address or set (positional)");
    pos.add("arg", 1);
  }
  int rc = kOk;
  auto vm = parseArgs(c.usage, opts, pos, args, rc);
  if (!vm) return rc;
  if (c.positional == 1 && !vm->count("arg")) {
    std::cerr << "orchardctl " << c.usage.name << ": missing argument (see 'orchardctl "
              << c.usage.name << " --help')\n";
    return kUsage;
  }
  std::string socket =
      vm->count("socket") ? (*vm)["socket"].as<std::string>() : defaultControlSocket();
  ControlAnswer a = askControl(socket, requestLine(c, *vm));
  if (!a.ok) {
    std::cerr << "orchardctl " << c.usage.name << ": " << a.data << "\n";
    return kFailure;
  }
  if (vm->count("textfile")) {
    if (writeAtomically((*vm)["textfile"].as<std::string>(), a.data)) return kOk;
    std::cerr << "orchardctl stats: cannot write " << (*vm)["textfile"].as<std::string>() << "\n";
    return kFailure;
  }
  std::cout << a.data;
  return kOk;
}

}  // namespace

int runLiveCommand(std::string_view name, const std::vector<std::string>& args) {
  for (const auto& c : liveCommands())
    if (c.usage.name == name) return runLive(c, args);
  return kUsage;
}

}  // namespace orchard::ctl
