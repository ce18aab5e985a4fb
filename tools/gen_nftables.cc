/**
 * \file gen_nftables.cc
 * `orchardctl gen nftables`: an nftables table with Orchard's sets (named
 * by sets/layout.hh, as the resolver fills them), their static contents, and
 * a filter chain: `ct state established,related accept` first (long-lived
 * connections such as APNs outlive their set elements), then one accept
 * rule per set against destination address (and protocol and port).
 *
 * The chain's policy is accept unless --policy drop says otherwise, so the
 * README's paste-and-load line cuts no flow on a gateway: a packet accepted
 * here still passes every other base chain on the hook, and one that
 * matches no rule goes on as before. Only --policy drop makes the table an
 * allow-list that drops the rest of the hook's traffic, whatever other
 * tables accept; the generated file says which it is.
 *
 * The file declares, deletes and redefines the table, so `nft -f` loads it
 * as it is, again and again; the resolver notices the new sets and refills
 * them within a second.
 */
#include <iostream>

#include "tools/generators.hh"
#include "tools/set_gen_options.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "nftables";

std::string addrType(Family f) { return f == Family::v4 ? "ipv4_addr" : "ipv6_addr"; }
std::string daddr(Family f) { return f == Family::v4 ? "ip daddr" : "ip6 daddr"; }

std::string typeOf(const SetSpec& s) {
  if (s.kind == SetKind::address || s.kind == SetKind::nets) return addrType(s.family);
  return addrType(s.family) + " . inet_proto . inet_service";
}

std::string flagsOf(const SetSpec& s) {
  return s.kind == SetKind::blocks || s.kind == SetKind::nets ? "interval" : "timeout";
}

std::string elementText(const StaticElement& e, const SetSpec& s) {
  if (s.kind == SetKind::nets) return e.block.toString();
  std::string ports = std::to_string(e.portFirst);
  if (e.portLast != e.portFirst) ports += "-" + std::to_string(e.portLast);
  return e.block.toString() + " . " + std::string(toString(e.protocol)) + " . " + ports;
}

void writeSet(std::ostream& out, const SetLayout& l, SetIndex i) {
  const SetSpec& s = l.set(i);
  out << "\tset " << s.name << " {\n\t\ttype " << typeOf(s) << "\n\t\tflags " << flagsOf(s) << "\n";
  std::vector<const StaticElement*> mine;
  for (const auto& e : l.statics())
    if (e.set == i) mine.push_back(&e);
  if (!mine.empty()) {
    out << "\t\telements = {\n";
    for (size_t k = 0; k < mine.size(); ++k)
      out << "\t\t\t" << elementText(*mine[k], s) << (k + 1 < mine.size() ? "," : "") << "\t# "
          << mine[k]->origin << "\n";
    out << "\t\t}\n";
  }
  out << "\t}\n";
}

std::string ruleFor(const SetSpec& s) {
  if (s.kind == SetKind::address || s.kind == SetKind::nets)
    return daddr(s.family) + " @" + s.name + " accept";
  return daddr(s.family) + " . meta l4proto . th dport @" + s.name + " accept";
}

/** What the chain does to the traffic it does not accept, in the file. */
void writePolicyComment(std::ostream& out, const std::string& hook, const std::string& policy) {
  std::string traffic =
      hook == "forward" ? "every forwarded packet" : "every packet this host sends (DNS included)";
  if (policy == "accept") {
    out << "\t# policy accept: this chain accepts Apple traffic and lets every other packet\n"
           "\t# go on to the rest of the ruleset, so loading this file changes no flow.\n"
           "\t# Generated with --policy drop, it would drop "
        << traffic << "\n\t# that these rules do not accept.\n";
    return;
  }
  out << "\t# policy drop: " << traffic
      << "\n\t# that is neither part of an established/related connection nor to an\n"
         "\t# address (and port) in the sets above is dropped, whatever other tables accept.\n";
}

int generate(const GenInput& in, std::ostream& out) {
  auto options = setOptionsFrom(in.options, "gen nftables");
  if (!options) return kUsage;
  std::string hook = in.options["hook"].as<std::string>();
  std::string policy = in.options["policy"].as<std::string>();
  if ((hook != "forward" && hook != "output") || (policy != "drop" && policy != "accept")) {
    std::cerr << "orchardctl gen nftables: expected --hook forward|output and --policy "
                 "drop|accept\n";
    return kUsage;
  }
  std::optional<SetLayout> layout;
  try {
    layout.emplace(in.catalog, *options);
  } catch (const std::exception& e) {
    std::cerr << "orchardctl gen nftables: " << e.what() << "\n";
    return kFailure;
  }
  std::string table = options->nftFamily + " " + options->nftTable;
  writeSetGenHeader(out, "#", kKind, "nft -f FILE (replaces table " + table + ")");
  out << "table " << table << "\ndelete table " << table << "\n\ntable " << table << " {\n";
  for (SetIndex i = 0; i < layout->sets().size(); ++i) writeSet(out, *layout, i);
  out << "\n";
  writePolicyComment(out, hook, policy);
  out << "\tchain " << hook << " {\n\t\ttype filter hook " << hook << " priority filter; policy "
      << policy << ";\n"
      << "\t\tct state established,related accept\n";
  for (const SetSpec& s : layout->sets()) out << "\t\t" << ruleFor(s) << "\n";
  out << "\t}\n}\n";
  return kOk;
}

void addOptions(po::options_description& opts) {
  addSetGenOptions(opts);
  opts.add_options()("hook", po::value<std::string>()->default_value("forward"),
                     "forward (a gateway) or output (this host's own traffic)")(
      "policy", po::value<std::string>()->default_value("accept"),
      "accept: the chain accepts Apple traffic and changes no other flow; drop: the chain drops "
      "every packet on the hook (forward: every forwarded packet; output: everything this host "
      "sends, DNS included) that is neither established/related nor to an address (and port) "
      "in Orchard's sets");
}

}  // namespace

const Generator kNftables{
    kKind,
    "nftables table: Orchard's sets, static blocks, accept rules",
    "Writes an nftables ruleset with the sets the resolver module fills (named from\n"
    "the catalog and the set options in orchard.conf), the catalog's address blocks\n"
    "as static set contents, and a filter chain: established/related first, then\n"
    "one accept rule per set. The chain's policy is accept: loading the file\n"
    "changes no flow. With --policy drop it drops every other packet on the hook.\n"
    "Load it with nft -f as it is; loading it again replaces the table, and the\n"
    "resolver refills its sets within a second.",
    "orchardctl gen nftables > /etc/nftables.d/orchard.nft\n"
    "orchardctl gen nftables --config /etc/orchard/orchard.conf --hook output\n"
    "orchardctl gen nftables --policy drop   # a gateway that forwards only Apple traffic\n"
    "orchardctl gen nftables --set-mode section --apple-block",
    addOptions,
    generate};

}  // namespace orchard::ctl
