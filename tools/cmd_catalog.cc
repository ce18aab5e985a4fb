/**
 * \file cmd_catalog.cc
 * `orchardctl catalog`: the catalog as loaded (site file included), as a
 * table per section, TSV (one line per row) or JSON.
 */
#include <iostream>

#include "policy/base/json.hh"
#include "tools/command.hh"
#include "tools/commands.hh"
#include "tools/row_format.hh"

namespace orchard::ctl {
namespace {

const Usage kHelp{"catalog", "[--section ID] [--format table|tsv|json] [--lang en|ja]",
                  "Prints every catalog row as loaded: the shipped catalog with the site file\n"
                  "applied on top. A host the article lists in two sections appears twice,\n"
                  "with the ports of each section. TSV columns: section, host (or block),\n"
                  "ports, protocol, OS list, proxy (yes/no/unspecified), description.",
                  "  orchardctl catalog\n"
                  "  orchardctl catalog --section device-management --lang ja\n"
                  "  orchardctl catalog --format tsv | cut -f2,3\n"
                  "  orchardctl catalog --site /etc/orchard/site.catalog --format json | jq ."};

const std::vector<std::string> kFormats{"table", "tsv", "json"};

void printJson(const Catalog& c, const std::string& section) {
  std::string out;
  JsonWriter w(out);
  w.beginObject().key("sections").beginArray();
  for (const auto& s : c.sections()) {
    if (!section.empty() && s.id != section) continue;
    w.beginObject().field("id", s.id).field("title", s.title).field("title_ja", s.titleJa);
    w.field("note", s.note).field("note_ja", s.noteJa).key("rows").beginArray();
    for (const auto& r : c.rows())
      if (r.section == s.id) writeRowJson(w, r);
    w.endArray().endObject();
  }
  w.endArray().key("rules").beginArray();
  for (const auto& r : c.rules()) writeRuleJson(w, r);
  w.endArray().endObject();
  std::cout << out << "\n";
}

void printTable(const Catalog& c, const std::string& section, bool ja) {
  for (const auto& s : c.sections()) {
    if (!section.empty() && s.id != section) continue;
    std::cout << (ja && !s.titleJa.empty() ? s.titleJa : s.title) << " [" << s.id << "]\n";
    TextTable t({"HOST", "PORTS", "PROTO", "OS", "PROXY", "DESCRIPTION"});
    for (const auto& r : c.rows())
      if (r.section == s.id)
        t.add({r.pattern, portsText(r), std::string(toString(r.protocol)), osText(r),
               std::string(toString(r.proxy)), descText(r, ja)});
    std::cout << t.render("  ") << "\n";
  }
  if (!section.empty()) return;
  std::cout << "Rules\n";
  for (const auto& r : c.rules())
    std::cout << "  " << r.id << ": " << (ja && !r.textJa.empty() ? r.textJa : r.text) << "\n";
}

}  // namespace

int runCatalog(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("section", po::value<std::string>()->value_name("ID"),
                     "only this section (e.g. software-update)")(
      "lang", po::value<std::string>()->default_value("en"),
      "description language: en or ja (the article's original)");
  addFormatOption(opts, kFormats);
  addCatalogOptions(opts);
  int rc = kOk;
  auto vm = parseArgs(kHelp, opts, {}, args, rc);
  if (!vm) return rc;
  auto format = formatFrom(*vm, "catalog", kFormats);
  if (!format) return kUsage;
  auto lang = (*vm)["lang"].as<std::string>();
  if (lang != "en" && lang != "ja") {
    std::cerr << "orchardctl catalog: --lang takes en or ja, not '" << lang
              << "' (see 'orchardctl catalog --help')\n";
    return kUsage;
  }
  auto catalog = loadCatalogFrom(*vm);
  if (!catalog) return kFailure;
  std::string section = vm->count("section") ? (*vm)["section"].as<std::string>() : "";
  if (!section.empty() && !catalog->findSection(section)) {
    std::cerr << "orchardctl catalog: no section '" << section << "'; sections:";
    for (const auto& s : catalog->sections()) std::cerr << " " << s.id;
    std::cerr << "\n";
    return kUsage;
  }
  if (*format == "json") {
    printJson(*catalog, section);
  } else if (*format == "tsv") {
    std::cout << "section\thost\tports\tprotocol\tos\tproxy\tdescription\n";
    for (const auto& r : catalog->rows())
      if (section.empty() || r.section == section) std::cout << tsvLine(r, lang == "ja") << "\n";
  } else {
    printTable(*catalog, section, lang == "ja");
  }
  return kOk;
}

}  // namespace orchard::ctl
