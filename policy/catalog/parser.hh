/**
 * \file parser.hh
 * Loads the catalog file and the site file into a Catalog.
 *
 * Records (syntax in base/config_lexer.hh):
 *   section ID title="..." title-ja="..." [note="..."] [note-ja="..."]
 *   host SECTION NAME|*.NAME proto=tcp|udp ports=443,80 os=ios,tvos,macos
 *        [proxy=yes|no|unspecified] [proxy-note=...] [proxy-note-ja=...]
 *        [desc=...] [desc-ja=...] [sample=label,label]
 *   block SECTION CIDR  (same options as host)
 *   rule ID text="..." [text-ja=...] applies=PATTERN,...|catalog [blocks=CIDR,...]
 *   remove SECTION PATTERN          (site file only: drop a shipped row)
 * A site file is read on top of the catalog: `host`/`block` with an existing
 * section and pattern replaces that row, `rule` with an existing id replaces
 * it, `section` adds a section. Loading is all or nothing: the first error
 * throws FileError and no Catalog is returned.
 */
#pragma once

#include <string>
#include <string_view>

#include "policy/catalog/catalog.hh"

namespace orchard {

/** Parses catalog text; `file` names it in errors. Throws FileError. */
Catalog parseCatalog(std::string_view text, const std::string& file);
/** Applies a site file's records on top of `base`; returns the merged copy. */
Catalog applySite(const Catalog& base, std::string_view text, const std::string& file);
/** Reads the catalog file and, if `sitePath` is not empty, the site file. */
Catalog loadCatalog(const std::string& catalogPath, const std::string& sitePath);

}  // namespace orchard
