/**
 * \file catalog_lookup.cc
 * The catalog and site lookup (see catalog_lookup.hh). The build tree's
 * catalog is compiled in (ORCHARD_BUILD_DIR, ORCHARD_SOURCE_CATALOG from
 * Makefile.am) and used only when /proc/self/exe is that tree's orchardctl,
 * or libtool's copy of it under .libs/.
 */
#include "tools/catalog_lookup.hh"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#ifndef ORCHARD_CATALOG_PATH
#define ORCHARD_CATALOG_PATH "/usr/share/orchard/apple.catalog"
#endif

namespace orchard::ctl {
namespace {

namespace fs = std::filesystem;

/** The option's value, else the environment variable's, else nullopt. */
std::optional<FileChoice> chosen(const boost::program_options::variables_map& vm, const char* opt,
                                 const char* env) {
  if (vm.count(opt)) return FileChoice{vm[opt].as<std::string>(), ""};
  if (const char* v = std::getenv(env); v && *v) return FileChoice{v, std::string("$") + env};
  return std::nullopt;
}

#if defined(ORCHARD_BUILD_DIR) && defined(ORCHARD_SOURCE_CATALOG)
/** True when this process runs the orchardctl built in ORCHARD_BUILD_DIR. */
bool runFromBuildTree() {
  for (const char* name : {"orchardctl", ".libs/orchardctl", ".libs/lt-orchardctl"}) {
    std::error_code ec;
    if (fs::equivalent("/proc/self/exe", fs::path(ORCHARD_BUILD_DIR) / name, ec)) return true;
  }
  return false;
}

/** The source tree's catalog, without the "build/.." configure leaves in. */
std::string sourceCatalog() {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(ORCHARD_SOURCE_CATALOG, ec);
  return ec ? ORCHARD_SOURCE_CATALOG : p.string();
}

/** The build tree's part of the "no catalog" error: why it was not read. */
std::string buildTreeTried() {
  if (runFromBuildTree()) return sourceCatalog() + " does not exist";
  return "this orchardctl is not the one built in " ORCHARD_BUILD_DIR " (which reads " +
         sourceCatalog() + ")";
}

std::optional<FileChoice> buildTreeCatalog() {
  if (runFromBuildTree() && fs::exists(sourceCatalog()))
    return FileChoice{sourceCatalog(), "the build tree's source catalog"};
  return std::nullopt;
}
#else
std::string buildTreeTried() { return "this orchardctl was built without a build tree"; }
std::optional<FileChoice> buildTreeCatalog() { return std::nullopt; }
#endif

}  // namespace

std::optional<FileChoice> findCatalog(const boost::program_options::variables_map& vm) {
  if (auto c = chosen(vm, "catalog", "ORCHARD_CATALOG")) return c;
  if (fs::exists(ORCHARD_CATALOG_PATH))
    return FileChoice{ORCHARD_CATALOG_PATH, "the installed catalog"};
  if (auto c = buildTreeCatalog()) return c;
  std::cerr << "orchardctl: no catalog found: $ORCHARD_CATALOG is not set, " ORCHARD_CATALOG_PATH
               " does not exist, and "
            << buildTreeTried() << "; point at one with --catalog FILE or ORCHARD_CATALOG=FILE\n";
  return std::nullopt;
}

FileChoice findSite(const boost::program_options::variables_map& vm) {
  return chosen(vm, "site", "ORCHARD_SITE").value_or(FileChoice{});
}

std::string catalogOptionHelp() {
  return "catalog file (default: $ORCHARD_CATALOG, else " ORCHARD_CATALOG_PATH
         " if it exists, else, for the orchardctl of a build tree, its source tree's "
         "policy/catalog/apple.catalog)";
}

}  // namespace orchard::ctl
