/**
 * \file cmd_match.cc
 * `orchardctl match NAME|ADDRESS...`: for each argument, the catalog rows
 * that match and how (exact, wildcard, block), the union of their ports,
 * and the article's rules that apply. Exit status 1 when any argument
 * matches no row, so scripts can test names.
 */
#include <iostream>

#include "policy/base/json.hh"
#include "policy/catalog/article_rules.hh"
#include "policy/catalog/name_matcher.hh"
#include "tools/command.hh"
#include "tools/commands.hh"
#include "tools/row_format.hh"

namespace orchard::ctl {
namespace {

const Usage kHelp{"match", "NAME|ADDRESS... [--format table|json]",
                  "Explains, for each name or address, which catalog rows match and why:\n"
                  "exact (the row's host), wildcard (*.parent covers names below parent,\n"
                  "never parent itself) or block (an address block row). Prints the union of\n"
                  "ports a firewall must open and the article's rules that apply.\n"
                  "Exit status: 0 all matched, 1 something matched no row, 2 usage, 3 error.",
                  "  orchardctl match gs.apple.com\n"
                  "  orchardctl match 1-courier.push.apple.com push.apple.com\n"
                  "  orchardctl match 17.248.130.5 --format json | jq ."};

const std::vector<std::string> kFormats{"table", "json"};

struct Result {
  std::string arg;
  bool valid = false;  // parsed as a name or an address
  MatchList matches;
  std::vector<const Rule*> rules;
};

Result matchOne(const Catalog& c, const NameMatcher& m, const std::string& arg) {
  Result res{arg, false, {}, {}};
  if (auto addr = Address::parse(arg)) {
    res.valid = true;
    m.match(*addr, res.matches);
    res.rules = rulesFor(c, *addr, !res.matches.empty());
    return res;
  }
  DnsName name;
  if (name.parse(arg)) {
    res.valid = true;
    m.match(name, res.matches);
    res.rules = rulesFor(c, name, !res.matches.empty());
  }
  return res;
}

std::vector<RowId> rowIds(const MatchList& ml) {
  std::vector<RowId> ids;
  for (const auto& mt : ml) ids.push_back(mt.row);
  return ids;
}

void printText(const Catalog& c, const Result& r) {
  std::cout << r.arg << "\n";
  if (!r.valid) {
    std::cout << "  not a valid name or address\n\n";
    return;
  }
  if (r.matches.empty()) std::cout << "  no catalog row matches\n";
  TextTable t({"MATCH", "SECTION", "PATTERN", "PROTO", "PORTS", "OS", "PROXY"});
  for (const auto& mt : r.matches) {
    const Row& row = c.row(mt.row);
    t.add({std::string(toString(mt.how)), row.section, row.pattern,
           std::string(toString(row.protocol)), portsText(row), osText(row),
           std::string(toString(row.proxy))});
  }
  if (!r.matches.empty())
    std::cout << t.render("  ") << "  allow: " << toString(c.portsUnion(rowIds(r.matches))) << "\n";
  for (const Rule* rule : r.rules) std::cout << "  rule " << rule->id << ": " << rule->text << "\n";
  std::cout << "\n";
}

void writeJson(JsonWriter& w, const Catalog& c, const Result& r) {
  w.beginObject().field("query", r.arg).field("valid", r.valid).key("matches").beginArray();
  for (const auto& mt : r.matches) {
    w.beginObject().field("how", toString(mt.how)).key("row");
    writeRowJson(w, c.row(mt.row));
    w.endObject();
  }
  w.endArray().key("allow").beginArray();
  for (const auto& s : c.portsUnion(rowIds(r.matches)))
    w.beginObject()
        .field("protocol", toString(s.protocol))
        .field("port", unsigned{s.port})
        .endObject();
  w.endArray().key("rules").beginArray();
  for (const Rule* rule : r.rules) w.value(rule->id);
  w.endArray().endObject();
}

}  // namespace

int runMatch(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("query", po::value<std::vector<std::string>>()->required(),
                     "names or addresses (positional)");
  addFormatOption(opts, kFormats);
  addCatalogOptions(opts);
  po::positional_options_description pos;
  pos.add("query", -1);
  int rc = kOk;
  auto vm = parseArgs(kHelp, opts, pos, args, rc);
  if (!vm) return rc;
  auto format = formatFrom(*vm, "match", kFormats);
  if (!format) return kUsage;
  auto catalog = loadCatalogFrom(*vm);
  if (!catalog) return kFailure;
  NameMatcher matcher(*catalog);
  std::string json;
  JsonWriter w(json);
  w.beginArray();
  for (const auto& arg : (*vm)["query"].as<std::vector<std::string>>()) {
    Result r = matchOne(*catalog, matcher, arg);
    if (r.matches.empty()) rc = kNoMatch;
    if (*format == "json")
      writeJson(w, *catalog, r);
    else
      printText(*catalog, r);
  }
  w.endArray();
  if (*format == "json") std::cout << json << "\n";
  return rc;
}

}  // namespace orchard::ctl
