/**
 * \file gen_pac.cc
 * `orchardctl gen pac`: a proxy auto-configuration file that sends the
 * catalog's hosts DIRECT and everything else to --otherwise. Wildcards keep
 * their meaning (`*.push.apple.com` matches names below push.apple.com,
 * not push.apple.com itself).
 *
 * The article's APNs caveat (rule apns-pac) heads the file: devices whose
 * proxy comes from a PAC file do not establish APNs connections, so a PAC
 * file alone never makes push notifications work; set the proxy manually
 * or in a configuration profile, or let TCP 5223 out directly.
 * Plain ES5 with the standard PAC helpers only, for every PAC engine.
 */
#include <ostream>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "pac";

std::string jsString(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

/** Writes items one a line, comma-separated: no trailing comma, which
 *  old PAC engines reject. */
void writeList(std::ostream& out, const std::vector<std::string>& items) {
  for (size_t i = 0; i < items.size(); ++i)
    out << "  " << items[i] << (i + 1 < items.size() ? ",\n" : "\n");
}

void writeTables(std::ostream& out, const std::vector<Cover>& hosts) {
  std::vector<std::string> exact, below;
  for (const auto& c : hosts) {
    if (c.scope != Scope::below) exact.push_back(jsString(c.name) + ": true");
    if (c.scope != Scope::exact) below.push_back(jsString("." + c.name));
  }
  out << "// Hosts reached DIRECT: exact names, and zones whose subdomains are.\n"
         "var orchardExact = {\n";
  writeList(out, exact);
  out << "};\nvar orchardBelow = [\n";
  writeList(out, below);
  out << "];\n\n";
}

void writeFunction(std::ostream& out, const std::string& otherwise) {
  out << "function FindProxyForURL(url, host) {\n"
         "  var h = host.toLowerCase();\n"
         "  if (h.charAt(h.length - 1) == \".\") h = h.substring(0, h.length - 1);\n"
         "  if (orchardExact[h] === true) return \"DIRECT\";\n"
         "  for (var i = 0; i < orchardBelow.length; i++)\n"
         "    if (dnsDomainIs(h, orchardBelow[i])) return \"DIRECT\";\n"
         "  return "
      << jsString(otherwise) << ";\n}\n";
}

int generate(const GenInput& in, std::ostream& out) {
  CoverInput ci;
  ci.scope = CnameScope::none;
  ci.cover = coverSet(in.catalog, {}, CnameScope::none);
  writeGeneratedHeader(out, "//", kKind, ci);
  if (const Rule* r = in.catalog.findRule("apns-pac")) {
    out << "//\n// APNs caveat (article rule apns-pac):\n";
    writeWrappedComment(out, "//", r->text);
    out << "// So DIRECT below does not make push notifications work for devices that\n"
           "// use this file: set their proxy manually or in a configuration profile,\n"
           "// or let TCP 5223 (and 443) to *.push.apple.com out directly.\n";
  }
  out << "\n";
  writeTables(out, withoutRedundant(ci.cover));
  writeFunction(out, in.options["otherwise"].as<std::string>());
  return kOk;
}

void addOptions(po::options_description& opts) {
  opts.add_options()("otherwise", po::value<std::string>()->default_value("DIRECT"),
                     "what every other host gets, e.g. \"PROXY proxy.example.org:3128\"");
}

}  // namespace

const Generator kPac{
    kKind,
    "PAC file: DIRECT for the catalog's hosts (with the APNs caveat)",
    "Writes a proxy auto-configuration file whose FindProxyForURL returns DIRECT\n"
    "for every catalog host (wildcards match their subdomains only) and --otherwise\n"
    "for the rest. It opens with the article's caveat: devices that get their proxy\n"
    "from a PAC file do not establish APNs connections.",
    "  orchardctl gen pac --otherwise \"PROXY proxy.example.org:3128\" > proxy.pac\n"
    "  orchardctl gen pac --otherwise \"PROXY proxy.example.org:3128; DIRECT\"",
    addOptions,
    generate};

}  // namespace orchard::ctl
