/**
 * \file engine_config.hh
 * The engine's configuration file, read by the resolver module at start-up
 * (default /etc/orchard/orchard.conf, or the path in $ORCHARD_CONF).
 *
 * Syntax as every Orchard file (base/config_lexer.hh), one setting a line:
 *   catalog /usr/share/orchard/apple.catalog  # the shipped catalog
 *   site /etc/orchard/site.catalog            # optional local overrides
 *   log file /var/log/orchard/outcomes.jsonl  # or: log syslog | log none
 *   log-queries catalog                       # or: all (every answer)
 *   log-queue 65536                           # lines held before dropping
 *   allow-private no                          # admit RFC 1918 answers?
 *   cname-file /var/lib/orchard/cnames.tsv    # CNAME targets, kept across
 *   save-interval 60                          #   restarts, saved this often
 *   control-socket /run/orchard/control.sock  # or: none (doc/control-protocol.md)
 *   control-mode 0660                         # socket file mode (octal)
 *   control-group orchard                     # socket file group
 *   sets nftables                             # firewall sets: nftables|ipset|none;
 *                                             #   more set-* keywords in sets/options.hh
 * Relative paths are taken from the configuration file's folder.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "policy/log/options.hh"
#include "policy/sets/options.hh"

namespace orchard {

struct EngineConfig {
  std::string path;  // the file this came from ("" for defaults)
  std::string catalog = "/usr/share/orchard/apple.catalog";
  std::string site;
  LogOptions log;  // the outcome log (log/options.hh)
  bool allowPrivate = false;
  std::string cnameFile;       // where CNAME targets persist ("" = not kept)
  unsigned saveInterval = 60;  // seconds between saves of the state file
  std::string controlSocket = "/run/orchard/control.sock";  // "" = none
  bool controlSocketSet = false;  // named in the file: failing to bind is fatal
  unsigned controlMode = 0660;
  std::string controlGroup;
  SetOptions sets;  // firewall sets (sets/options.hh)
};

/** $ORCHARD_CONF if set, else /etc/orchard/orchard.conf. */
std::string defaultConfigPath();
/** Parses configuration text. Throws FileError naming file and line. */
EngineConfig parseEngineConfig(std::string_view text, const std::string& file);
/** Reads and parses the file. Throws FileError. */
EngineConfig loadEngineConfig(const std::string& path);

}  // namespace orchard
