/**
 * \file cmd_live.cc
 * orchardctl's live commands: one per entry of the control command table
 * (policy/control/command_table.hh), whose options, usage line, about and
 * examples this builds the subcommand's parser and --help from. Each sends
 * one request over the control socket and prints the answer; the work is
 * done inside the resolver (policy/control/commands.cc).
 */
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tools/command.hh"
#include "tools/commands.hh"
#include "tools/control_client.hh"

namespace orchard::ctl {
namespace {

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

/** The table's synopsis, then orchardctl's own options. */
std::string synopsisOf(const CommandSpec& c) {
  std::string out(c.synopsis);
  for (const CommandOption& o : c.options)
    if (o.side == OptionSide::client)
      out +=
          (out.empty() ? "[--" : " [--") + std::string(o.name) + " " + std::string(o.value) + "]";
  return out;
}

po::options_description optionsOf(const CommandSpec& c) {
  po::options_description opts("Options");
  opts.add_options()("socket", po::value<std::string>()->value_name("PATH"),
                     "control socket (default: $ORCHARD_CONTROL or /run/orchard/control.sock)");
  if (c.json) opts.add_options()("json", "JSON instead of text");
  for (const CommandOption& o : c.options) {
    std::string name(o.name), help(o.help);
    if (o.flag())
      opts.add_options()(name.c_str(), help.c_str());
    else
      opts.add_options()(name.c_str(), po::value<std::string>()->value_name(std::string(o.value)),
                         help.c_str());
  }
  if (c.positional != Positional::none)
    opts.add_options()("arg", po::value<std::string>()->value_name(std::string(c.argument)),
                       (std::string(c.argumentHelp) + " (positional)").c_str());
  return opts;
}

/** The request: the command, the server's options as given, the argument. */
std::string requestLine(const CommandSpec& c, const po::variables_map& vm) {
  std::string line(c.name);
  for (const CommandOption& o : c.options) {
    std::string name(o.name);
    if (o.side == OptionSide::client || !vm.count(name)) continue;
    line += " --" + name;
    if (!o.flag()) line += " " + vm[name].as<std::string>();
  }
  if (vm.count("arg")) line += " " + vm["arg"].as<std::string>();
  if (vm.count("json")) line += " --json";
  return line;
}

/** Prints the answer, or writes it to --textfile. */
int output(const CommandSpec& c, const po::variables_map& vm, const std::string& data) {
  if (!vm.count("textfile")) {
    std::cout << data;
    return kOk;
  }
  const auto& path = vm["textfile"].as<std::string>();
  if (writeAtomically(path, data)) return kOk;
  std::cerr << "orchardctl " << c.name << ": cannot write " << path << "\n";
  return kFailure;
}

}  // namespace

int runLiveCommand(const CommandSpec& c, const std::vector<std::string>& args) {
  std::string synopsis = synopsisOf(c);
  Usage usage{c.name, synopsis, c.about, c.examples};
  po::positional_options_description pos;
  if (c.positional != Positional::none) pos.add("arg", 1);
  int rc = kOk;
  auto vm = parseArgs(usage, optionsOf(c), pos, args, rc);
  if (!vm) return rc;
  if (c.positional == Positional::required && !vm->count("arg")) {
    std::cerr << "orchardctl " << c.name << ": missing " << c.argument << " (see 'orchardctl "
              << c.name << " --help')\n";
    return kUsage;
  }
  std::string socket =
      vm->count("socket") ? (*vm)["socket"].as<std::string>() : defaultControlSocket();
  ControlAnswer a = askControl(socket, requestLine(c, *vm));
  if (!a.ok) {
    std::cerr << "orchardctl " << c.name << ": " << a.data << "\n";
    return kFailure;
  }
  return output(c, *vm, a.data);
}

}  // namespace orchard::ctl
