/**
 * \file gen_squid.cc
 * `orchardctl gen squid`: Squid lines that let clients reach the catalog's
 * hosts the way the article requires: no authentication and no TLS
 * interception (the article's `proxy` rule: inspecting the encrypted
 * traffic breaks the connection).
 *
 *   acl orchard_apple dstdomain ...       the hosts (`.zone` for wildcards)
 *   acl orchard_apple_ports port ...      the catalog's TCP ports
 *   http_access allow CLIENTS orchard_apple orchard_apple_ports
 *                                         before any rule that asks for auth
 *   ssl_bump splice orchard_apple_sni     (--ssl-bump) before any bump rule
 *
 * Include it near the top of squid.conf, after the ACL that names the
 * clients (--clients, default `localnet`) and before the auth rules.
 * Only catalog names: a proxy sees the host the client asked for, never
 * the CNAME targets behind it. Squid's `.push.apple.com` also matches the
 * apex `push.apple.com`: Squid has no "below only" form.
 */
#include <ostream>
#include <set>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "squid";

void writeAcl(std::ostream& out, std::string_view acl, std::string_view type,
              const std::vector<Cover>& hosts) {
  for (const auto& c : hosts)
    out << "acl " << acl << " " << type << " " << (c.scope == Scope::exact ? "" : ".") << c.name
        << "\n";
}

std::string tcpPorts(const Catalog& catalog) {
  std::set<uint16_t> ports;
  for (const auto& r : catalog.rows())
    if (r.protocol == Protocol::tcp) ports.insert(r.ports.begin(), r.ports.end());
  std::string s;
  for (auto p : ports) s += " " + std::to_string(p);
  return s;
}

int generate(const GenInput& in, std::ostream& out) {
  CoverInput ci;
  ci.scope = CnameScope::none;
  ci.cover = withoutRedundant(coverSet(in.catalog, {}, CnameScope::none));
  const auto& hosts = ci.cover;
  std::string clients = in.options["clients"].as<std::string>();
  writeGeneratedHeader(out, "#", kKind, ci);
  if (const Rule* r = in.catalog.findRule("proxy")) writeWrappedComment(out, "#", r->text);
  out << "# Include near the top of squid.conf: after the ACL '" << clients
      << "', before any\n# http_access rule that requires authentication and any ssl_bump bump.\n";
  writeAcl(out, "orchard_apple", "dstdomain", hosts);
  out << "acl orchard_apple_ports port" << tcpPorts(in.catalog) << "\n";
  out << "http_access allow " << clients << " orchard_apple orchard_apple_ports\n";
  if (in.options.count("ssl-bump")) {
    writeAcl(out, "orchard_apple_sni", "ssl::server_name", hosts);
    out << "# Never intercept TLS to these hosts (intercepted traffic: SNI is known\n"
           "# after your 'ssl_bump peek' at step 1).\n"
           "ssl_bump splice orchard_apple_sni\n";
  }
  return kOk;
}

void addOptions(po::options_description& opts) {
  opts.add_options()("clients", po::value<std::string>()->default_value("localnet"),
                     "name of the ACL of clients allowed to reach these hosts")(
      "ssl-bump", "the proxy intercepts TLS (ssl_bump): add splice rules for these hosts");
}

}  // namespace

const Generator kSquid{
    kKind,
    "Squid: no authentication, no TLS interception for these hosts",
    "Writes Squid ACLs for the catalog's hosts and ports, an http_access rule that\n"
    "admits the given clients to them without authentication and, with --ssl-bump,\n"
    "an ssl_bump splice rule so that TLS to them is never intercepted (the\n"
    "article's proxy rule). Include it before the auth and bump rules.",
    "  orchardctl gen squid > /etc/squid/conf.d/00-orchard.conf\n"
    "  orchardctl gen squid --ssl-bump --clients office_lan\n"
    "  squid -k parse -f /etc/squid/squid.conf",
    addOptions,
    generate};

}  // namespace orchard::ctl
