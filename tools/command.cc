/**
 * \file command.cc
 * Shared option handling for orchardctl subcommands (see command.hh).
 */
#include "tools/command.hh"

#include <iostream>

#include "policy/base/config_lexer.hh"
#include "policy/catalog/parser.hh"
#include "tools/catalog_lookup.hh"

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
                     catalogOptionHelp().c_str())(
      "site", po::value<std::string>()->value_name("FILE"),
      "site file of local additions and overrides, read on top (default: $ORCHARD_SITE)");
}

namespace {

/** "FILE: cannot read: ..." and, when a variable or default named the
 *  file, what did. */
void printFileError(const FileError& e, const FileChoice& catalog, const FileChoice& site) {
  std::cerr << "orchardctl: " << e.what();
  for (const FileChoice* c : {&catalog, &site})
    if (e.line() == 0 && e.file() == c->path && !c->origin.empty())
      std::cerr << " (named by " << c->origin << ")";
  std::cerr << "\n";
}

}  // namespace

std::optional<Catalog> loadCatalogFrom(const po::variables_map& vm) {
  auto catalog = findCatalog(vm);
  if (!catalog) return std::nullopt;
  FileChoice site = findSite(vm);
  try {
    return loadCatalog(catalog->path, site.path);
  } catch (const FileError& e) {
    printFileError(e, *catalog, site);
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
