/**
 * \file command.cc
 * Shared option handling for orchardctl subcommands (see command.hh).
 */
#include "tools/command.hh"

#include <cstdlib>
#include <iostream>

#include "policy/base/config_lexer.hh"
#include "policy/catalog/parser.hh"

#ifndef ORCHARD_CATALOG_PATH
#define ORCHARD_CATALOG_PATH "/usr/share/orchard/apple.catalog"
#endif

namespace orchard::ctl {

std::optional<po::variables_map> parseArgs(const Usage& usage, po::options_description opts,
                                           const po::positional_options_description& pos,
                                           const std::vector<std::string>& args, int& exitCode) {
  opts.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: orchardctl " << usage.name << " " << usage.synopsis << "\n\n"
                << usage.about << "\n\n"
                << opts << "\nExamples:\n"
                << usage.examples << "\n";
      exitCode = kOk;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "orchardctl " << usage.name << ": " << e.what() << " (see 'orchardctl "
              << usage.name << " --help')\n";
    exitCode = kUsage;
    return std::nullopt;
  }
  return vm;
}

void addCatalogOptions(po::options_description& opts) {
  opts.add_options()("catalog", po::value<std::string>()->value_name("FILE"),
                     "catalog file (default: $ORCHARD_CATALOG or " ORCHARD_CATALOG_PATH ")")(
      "site", po::value<std::string>()->value_name("FILE"),
      "site file of local additions and overrides, read on top (default: $ORCHARD_SITE)");
}

namespace {

std::string pick(const po::variables_map& vm, const char* opt, const char* env,
                 const char* fallback) {
  if (vm.count(opt)) return vm[opt].as<std::string>();
  if (const char* v = std::getenv(env); v && *v) return v;
  return fallback;
}

}  // namespace

std::optional<Catalog> loadCatalogFrom(const po::variables_map& vm) {
  try {
    return loadCatalog(pick(vm, "catalog", "ORCHARD_CATALOG", ORCHARD_CATALOG_PATH),
                       pick(vm, "site", "ORCHARD_SITE", ""));
  } catch (const FileError& e) {
    std::cerr << "orchardctl: " << e.what() << "\n";
    return std::nullopt;
  }
}

void addFormatOption(po::options_description& opts, std::vector<std::string> formats) {
  std::string help = "output format: ";
  for (size_t i = 0; i < formats.size(); ++i) help += (i ? "|" : "") + formats[i];
  opts.add_options()("format", po::value<std::string>()->default_value(formats[0]), help.c_str());
}

std::optional<std::string> formatFrom(const po::variables_map& vm, std::string_view command,
                                      const std::vector<std::string>& formats) {
  auto f = vm["format"].as<std::string>();
  for (const auto& ok : formats)
    if (f == ok) return f;
  std::cerr << "orchardctl " << command << ": unknown --format '" << f << "' (see 'orchardctl "
            << command << " --help')\n";
  return std::nullopt;
}

}  // namespace orchard::ctl
