/**
 * \file catalog_lookup.hh
 * Where orchardctl finds its catalog, in the order a user expects:
 * `--catalog FILE`; `$ORCHARD_CATALOG`; the installed catalog when it
 * exists; and, only for the orchardctl of a build tree run from that tree,
 * the catalog of the source tree the build was configured from, so a clone
 * works right after `make` while an installed binary never reads a build
 * tree. When none is found, one error names every place tried and how to
 * point at a catalog. The site file has no default: `--site FILE`, else
 * `$ORCHARD_SITE`, else none.
 */
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

namespace orchard::ctl {

/** A file to read and what named it, for errors ("" for an option). */
struct FileChoice {
  std::string path;
  std::string origin;  // "$ORCHARD_CATALOG", "the installed catalog", ...
};

/** The catalog to read; nullopt after printing the error naming the
 *  places tried. */
std::optional<FileChoice> findCatalog(const boost::program_options::variables_map& vm);
/** The site file, or a choice with an empty path when there is none. */
FileChoice findSite(const boost::program_options::variables_map& vm);
/** The --catalog help text: the lookup order with the installed path. */
std::string catalogOptionHelp();

}  // namespace orchard::ctl
