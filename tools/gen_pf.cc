/**
 * \file gen_pf.cc
 * `orchardctl gen pf`: a pf.conf anchor for systems with pf (OpenBSD,
 * FreeBSD, macOS). pf tables hold addresses only and are matched by rules
 * that name protocol and port, so service mode becomes one table per
 * service (orchard_tcp_443, orchard_udp_123, ...) plus the static blocks;
 * section mode one table per catalog section. Names come from the same
 * layout as the other backends' sets. This project builds no pf runtime
 * backend (pf does not exist on Linux); on a pf system a feeder adds to
 * these tables with `pfctl -a orchard -t TABLE -T add ADDRESS`.
 */
#include <iostream>
#include <map>
#include <set>

#include "tools/generators.hh"
#include "tools/set_gen_options.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "pf";

std::string serviceTable(const std::string& prefix, const Service& s) {
  return prefix + "_" + std::string(toString(s.protocol)) + "_" + std::to_string(s.port);
}

void writeServiceMode(std::ostream& out, const Catalog& c, const SetLayout& l) {
  std::set<Service> services;
  for (const Row& r : c.rows())
    if (r.kind != PatternKind::block)
      for (uint16_t p : r.ports) services.insert({r.protocol, p});
  for (const Service& s : services)
    out << "table <" << serviceTable(l.options().prefix, s) << "> persist\n";
  for (const Service& s : services)
    out << "pass out quick proto " << toString(s.protocol) << " to <"
        << serviceTable(l.options().prefix, s) << "> port " << s.port << " keep state\n";
}

void writeSectionMode(std::ostream& out, const SetLayout& l) {
  for (const SetSpec& s : l.sets())
    if (s.kind == SetKind::address && s.family == Family::v4) {
      std::string name = l.options().prefix + "_" + s.name.substr(l.options().prefix.size() + 2);
      out << "table <" << name << "> persist\npass out quick to <" << name << "> keep state\n";
    }
}

void writeStatics(std::ostream& out, const SetLayout& l) {
  for (const StaticElement& e : l.statics()) {
    if (l.set(e.set).kind == SetKind::nets) {
      out << "pass out quick to " << e.block.toString() << " keep state\t# " << e.origin << "\n";
      continue;
    }
    out << "pass out quick proto " << toString(e.protocol) << " to " << e.block.toString()
        << " port " << e.portFirst;
    if (e.portLast != e.portFirst) out << ":" << e.portLast;
    out << " keep state\t# " << e.origin << "\n";
  }
}

int generate(const GenInput& in, std::ostream& out) {
  auto options = setOptionsFrom(in.options, "gen pf");
  if (!options) return kUsage;
  std::optional<SetLayout> layout;
  try {
    layout.emplace(in.catalog, *options);
  } catch (const std::exception& e) {
    std::cerr << "orchardctl gen pf: " << e.what() << "\n";
    return kFailure;
  }
  writeSetGenHeader(out, "#", kKind,
                    "pfctl -a orchard -f FILE (with 'anchor \"orchard\"' in pf.conf)");
  out << "# pf keeps state by default: established connections outlive table entries.\n";
  if (options->mode == SetMode::service)
    writeServiceMode(out, in.catalog, *layout);
  else
    writeSectionMode(out, *layout);
  writeStatics(out, *layout);
  return kOk;
}

}  // namespace

const Generator kPf{kKind,
                    "pf anchor: tables per service, pass rules, static blocks",
                    "Writes a pf.conf anchor for systems with pf: one table per service (or per\n"
                    "section with --set-mode section), a pass rule for each, and the catalog's\n"
                    "address blocks as pass rules.",
                    "orchardctl gen pf > /etc/pf.anchors/orchard",
                    addSetGenOptions,
                    generate};

}  // namespace orchard::ctl
