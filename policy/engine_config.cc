/**
 * \file engine_config.cc
 * Parsing of the engine configuration file (see engine_config.hh).
 */
#include "policy/engine_config.hh"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <iterator>

#include "policy/base/config_lexer.hh"

#ifndef ORCHARD_CATALOG_PATH
#define ORCHARD_CATALOG_PATH "/usr/share/orchard/apple.catalog"
#endif
#ifndef ORCHARD_SYSCONF_PATH
#define ORCHARD_SYSCONF_PATH "/etc/orchard/orchard.conf"
#endif

namespace orchard {

std::string defaultConfigPath() {
  const char* env = std::getenv("ORCHARD_CONF");
  return env && *env ? env : ORCHARD_SYSCONF_PATH;
}

namespace {

std::string resolvePath(const std::string& configFile, const std::string& p) {
  if (p.empty() || p[0] == '/') return p;
  auto slash = configFile.rfind('/');
  return slash == std::string::npos ? p : configFile.substr(0, slash + 1) + p;
}

/** Argument i as a path, relative to the configuration file's folder. A
 *  quoted empty string is no path: it is refused where it stands. */
std::string pathArg(const Directive& r, size_t i) {
  if (r.args[i].text.empty()) r.fail(r.args[i], "expected a path, found an empty string");
  return resolvePath(r.file, r.args[i].text);
}

void parseLog(const Directive& r, EngineConfig& c) {
  r.expectArgs(1, 2, "log file PATH | log syslog | log none");
  const std::string& how = r.args[0].text;
  if (how == "file") {
    r.expectArgs(2, 2, "log file PATH");
    c.log.destination = LogDestination::file;
    c.log.file = pathArg(r, 1);
  } else if (how == "syslog" || how == "none") {
    r.expectArgs(1, 1, "log " + how);
    c.log.destination = how == "syslog" ? LogDestination::syslog : LogDestination::none;
  } else {
    r.fail(r.args[0], "expected log file PATH, log syslog or log none, found '" + how + "'");
  }
}

size_t parseCount(const Directive& r, size_t min, size_t max) {
  r.expectArgs(1, 1, r.keyword.text + " NUMBER");
  const std::string& s = r.args[0].text;
  size_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max)
    r.fail(r.args[0], "expected a number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", found '" + s + "'");
  return v;
}

/** Accepts exactly one of two words; true for the first. */
bool parseChoice(const Directive& r, std::string_view yes, std::string_view no) {
  std::string usage = r.keyword.text + " " + std::string(yes) + "|" + std::string(no);
  r.expectArgs(1, 1, usage);
  if (r.args[0].text == yes) return true;
  if (r.args[0].text == no) return false;
  r.fail(r.args[0], "expected " + std::string(yes) + " or " + std::string(no) + ", found '" +
                        r.args[0].text + "'");
}

void parseNftTable(const Directive& r, SetOptions& s) {
  r.expectArgs(2, 2, "nft-table FAMILY NAME");
  static constexpr std::string_view families[] = {"inet", "ip", "ip6", "bridge", "netdev", "arp"};
  const std::string& f = r.args[0].text;
  if (std::find(std::begin(families), std::end(families), f) == std::end(families))
    r.fail(r.args[0], "expected inet, ip, ip6, bridge, netdev or arp, found '" + f + "'");
  s.nftFamily = f;
  s.nftTable = r.args[1].text;
}

void parseSetPrefix(const Directive& r, SetOptions& s) {
  r.expectArgs(1, 1, "set-prefix NAME");
  const std::string& p = r.args[0].text;
  bool ok = !p.empty() && p.size() <= 20 && std::all_of(p.begin(), p.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
  });
  if (!ok) r.fail(r.args[0], "expected 1 to 20 letters, digits or '_', found '" + p + "'");
  s.prefix = p;
}

template <typename E>
E parseWord(const Directive& r, std::optional<E> (*from)(std::string_view),
            std::string_view words) {
  r.expectArgs(1, 1, r.keyword.text + " " + std::string(words));
  auto v = from(r.args[0].text);
  if (!v) r.fail(r.args[0], "expected " + std::string(words) + ", found '" + r.args[0].text + "'");
  return *v;
}

/** The set-* keywords (sets/options.hh); false when `kw` is none of them. */
bool applySetOption(const Directive& r, SetOptions& s) {
  const std::string& kw = r.keyword.text;
  if (kw == "sets")
    s.backend = parseWord(r, fromString<SetBackendKind>, "nftables|ipset|none");
  else if (kw == "set-mode")
    s.mode = parseWord(r, fromString<SetMode>, "service|section");
  else if (kw == "nft-table")
    parseNftTable(r, s);
  else if (kw == "set-prefix")
    parseSetPrefix(r, s);
  else if (kw == "set-timeout-floor")
    s.timeoutFloor = static_cast<uint32_t>(parseCount(r, 1, 7 * 86400));
  else if (kw == "set-timeout-ceiling")
    s.timeoutCeiling = static_cast<uint32_t>(parseCount(r, 1, 7 * 86400));
  else if (kw == "set-grace")
    s.grace = static_cast<uint32_t>(parseCount(r, 0, 86400));
  else if (kw == "shadow-max")
    s.shadowMax = parseCount(r, 64, 64 * 1024 * 1024);
  else if (kw == "apple-block")
    s.appleBlock = parseChoice(r, "yes", "no");
  else
    return false;
  return true;
}

void parseControl(const Directive& r, EngineConfig& c) {
  const std::string& kw = r.keyword.text;
  r.expectArgs(1, 1,
               kw + (kw == "control-mode"    ? " OCTAL"
                     : kw == "control-group" ? " GROUP"
                                             : " PATH|none"));
  const std::string& v = r.args[0].text;
  if (kw == "control-socket") {
    c.controlSocket = v == "none" ? "" : pathArg(r, 0);
    c.controlSocketSet = true;
  } else if (kw == "control-group") {
    c.controlGroup = v;
  } else {
    unsigned mode = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), mode, 8);
    if (ec != std::errc() || end != v.data() + v.size() || mode > 0777)
      r.fail(r.args[0], "expected an octal mode such as 0660, found '" + v + "'");
    c.controlMode = mode;
  }
}

void apply(const Directive& r, EngineConfig& c) {
  const std::string& kw = r.keyword.text;
  if (kw == "catalog" || kw == "site" || kw == "cname-file") {
    r.expectArgs(1, 1, kw + " PATH");
    std::string& dest = kw == "catalog" ? c.catalog : kw == "site" ? c.site : c.cnameFile;
    dest = pathArg(r, 0);
  } else if (kw == "log") {
    parseLog(r, c);
  } else if (kw == "log-queries") {
    c.log.queries = parseChoice(r, "all", "catalog") ? LogQueries::all : LogQueries::catalog;
  } else if (kw == "log-queue") {
    c.log.queue = parseCount(r, 16, 16 * 1024 * 1024);
  } else if (kw == "allow-private") {
    c.allowPrivate = parseChoice(r, "yes", "no");
  } else if (kw == "save-interval") {
    c.saveInterval = static_cast<unsigned>(parseCount(r, 1, 86400));
  } else if (kw == "control-socket" || kw == "control-mode" || kw == "control-group") {
    parseControl(r, c);
  } else if (!applySetOption(r, c.sets)) {
    r.fail(
        "expected catalog, site, cname-file, log, log-queries, log-queue, allow-private, "
        "save-interval, control-socket, control-mode, control-group, sets, nft-table, set-prefix, "
        "set-mode, set-timeout-floor, "
        "set-timeout-ceiling, set-grace, shadow-max or apple-block, found '" +
        kw + "'");
  }
  r.rejectUnknownOptions();
}

}  // namespace

EngineConfig parseEngineConfig(std::string_view text, const std::string& file) {
  EngineConfig c;
  c.path = file;
  c.log.configPath = file;
  c.catalog = ORCHARD_CATALOG_PATH;
  for (const Directive& r : readDirectives(text, file)) apply(r, c);
  if (c.sets.timeoutCeiling < c.sets.timeoutFloor)
    throw FileError(file, 0,
                    "expected set-timeout-ceiling (" + std::to_string(c.sets.timeoutCeiling) +
                        ") to be at least set-timeout-floor (" +
                        std::to_string(c.sets.timeoutFloor) + ")");
  return c;
}

EngineConfig loadEngineConfig(const std::string& path) {
  return parseEngineConfig(readFile(path), path);
}

}  // namespace orchard
