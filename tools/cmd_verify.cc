/**
 * \file cmd_verify.cc
 * `orchardctl verify --resolver ADDR[@PORT]`: proves that a resolver serves
 * every host of the catalog. Each name (wildcards through their sample
 * labels) is resolved for A and AAAA through the site resolver and, with
 * --reference, through a second one, with libunbound forwarding to each;
 * verify_classify.hh judges the answers. With --connect, each TCP port of
 * the name's rows is tried on the addresses the site resolver gave.
 * Everything runs with bounded parallelism and a timeout per step.
 * Exit status 1 when any required check fails (see --help).
 */
#include <algorithm>
#include <iostream>

#include "tools/command.hh"
#include "tools/commands.hh"
#include "tools/lookup_batch.hh"
#include "tools/progress.hh"
#include "tools/upstream.hh"
#include "tools/verify_report.hh"

namespace orchard::ctl {
namespace {

const Usage kHelp{
    "verify", "--resolver ADDR[@PORT] [--reference ADDR[@PORT]] [--connect] [NAME...]",
    "Resolves every catalog host (wildcards through their sample labels) for A and\n"
    "AAAA through the resolver, and through the reference when given, and reports\n"
    "each as ok, blocked (NXDOMAIN, REFUSED or no address while the reference\n"
    "resolves it), sinkholed (0.0.0.0, ::, loopback or other bogus addresses),\n"
    "nxdomain, nodata, refused, servfail, timeout or differs (no address in common\n"
    "with the reference: a warning, CDNs answer resolvers differently). A REFUSED\n"
    "from the resolver reaches libunbound as a failed server: it shows as servfail.\n"
    "With --connect, opens a TCP connection to each of the row's TCP ports on the\n"
    "addresses found (UDP ports are reported as not checked). NAME... limits the\n"
    "run to those names or catalog patterns. A progress bar is drawn on stderr when\n"
    "it is a terminal.\n"
    "Exit status: 0 every required check passed, 1 something failed (any status\n"
    "but ok/differs, or a TCP port that did not open), 2 usage, 3 error.",
    "  orchardctl verify --resolver 192.0.2.53\n"
    "  orchardctl verify --resolver 127.0.0.1 --reference 192.0.2.53@5353 --connect\n"
    "  orchardctl verify --resolver 127.0.0.1 --format json xp.apple.com '*.push.apple.com'"};

const std::vector<std::string> kFormats{"table", "json"};

struct Settings {
  Upstream resolver;
  std::optional<Upstream> reference;
  bool connect = false;
  size_t parallel = 16;
  std::chrono::milliseconds timeout{5000};
  std::vector<std::string> only;
};

po::options_description options() {
  po::options_description opts("Options");
  opts.add_options()("resolver", po::value<std::string>()->required()->value_name("ADDR[@PORT]"),
                     "the resolver to verify")(
      "reference", po::value<std::string>()->value_name("ADDR[@PORT]"),
      "a resolver known to answer correctly, to compare with")(
      "connect", "also try each listed TCP port on the resolved addresses")(
      "timeout", po::value<double>()->default_value(5.0)->value_name("S"),
      "seconds for each lookup and each connection")(
      "parallel", po::value<size_t>()->default_value(16)->value_name("N"),
      "lookups or connections in flight at once")("name", po::value<std::vector<std::string>>(),
                                                  "names or patterns to check (positional)");
  addFormatOption(opts, kFormats);
  addCatalogOptions(opts);
  return opts;
}

std::optional<Upstream> parseUpstream(const std::string& opt, const std::string& text) {
  auto u = Upstream::parse(text);
  if (!u)
    std::cerr << "orchardctl verify: --" << opt << " '" << text
              << "' is not ADDR[@PORT] (see 'orchardctl verify --help')\n";
  return u;
}

std::optional<Settings> settingsFrom(const po::variables_map& vm) {
  Settings s;
  auto r = parseUpstream("resolver", vm["resolver"].as<std::string>());
  if (!r) return std::nullopt;
  s.resolver = *r;
  if (vm.count("reference")) {
    s.reference = parseUpstream("reference", vm["reference"].as<std::string>());
    if (!s.reference) return std::nullopt;
  }
  double t = vm["timeout"].as<double>();
  if (t <= 0 || t > 600 || vm["parallel"].as<size_t>() == 0) {
    std::cerr << "orchardctl verify: --timeout must be in (0, 600] and --parallel at least 1 "
                 "(see 'orchardctl verify --help')\n";
    return std::nullopt;
  }
  s.timeout = std::chrono::milliseconds(static_cast<int64_t>(t * 1000));
  s.parallel = vm["parallel"].as<size_t>();
  s.connect = vm.count("connect") > 0;
  if (vm.count("name")) s.only = vm["name"].as<std::vector<std::string>>();
  return s;
}

void resolveAll(VerifyReport& report, const Settings& s) {
  UbResolver site(s.resolver);
  std::optional<UbResolver> ref;
  if (s.reference) ref.emplace(*s.reference);
  std::vector<LookupJob> jobs;
  for (auto& h : report.hosts) {
    jobs.push_back({&site, h.target->name, 1, &h.site.a});
    jobs.push_back({&site, h.target->name, 28, &h.site.aaaa});
    if (ref) {
      jobs.push_back({&*ref, h.target->name, 1, &h.reference.a});
      jobs.push_back({&*ref, h.target->name, 28, &h.reference.aaaa});
    }
  }
  Progress bar("resolving", jobs.size());
  runLookups(jobs, s.parallel, s.timeout, [&] { bar.tick(); });
  for (auto& h : report.hosts) h.dns = classifyDns(h.site, ref ? &h.reference : nullptr);
}

/** The TCP ports of a host, with one probe per usable address. */
void planPorts(HostReport& h) {
  auto addrs = h.site.addresses();
  for (const auto& svc : h.target->services) {
    PortReport p{svc, "not checked", false, {}};
    if (svc.protocol == Protocol::tcp) {
      for (const auto& a : addrs)
        if (classify(a) == AddressClass::routable || classify(a) == AddressClass::private_)
          p.probes.push_back(Probe{a, svc.port, ProbeResult::error});
      if (p.probes.empty()) p.result = "skipped";  // no address: DNS already failed
    }
    h.ports.push_back(std::move(p));
  }
}

/** How telling a failure is, when no address opened: a refusal proves the
 *  host is there and the port closed; unreachable may be just one family. */
int rank(ProbeResult r) {
  switch (r) {
    case ProbeResult::open: return 0;
    case ProbeResult::refused: return 1;
    case ProbeResult::timeout: return 2;
    case ProbeResult::error: return 3;
    case ProbeResult::unreachable: return 4;
  }
  return 5;
}

/** open when any address opened, else the most telling failure. */
void judgePort(PortReport& p) {
  if (p.probes.empty()) return;
  auto best =
      std::min_element(p.probes.begin(), p.probes.end(), [](const Probe& x, const Probe& y) {
        return rank(x.result) < rank(y.result);
      })->result;
  p.result = std::string(toString(best));
  p.failed = best != ProbeResult::open;
}

void connectAll(VerifyReport& report, const Settings& s) {
  std::vector<Probe> probes;
  for (auto& h : report.hosts) {
    planPorts(h);
    for (const auto& p : h.ports) probes.insert(probes.end(), p.probes.begin(), p.probes.end());
  }
  Progress bar("connecting", probes.size());
  runTcpProbes(probes, s.parallel, s.timeout, [&] { bar.tick(); });
  size_t k = 0;  // results come back in the order planned
  for (auto& h : report.hosts)
    for (auto& p : h.ports) {
      for (auto& pr : p.probes) pr = probes[k++];
      judgePort(p);
    }
}

}  // namespace

int runVerify(const std::vector<std::string>& args) {
  po::positional_options_description pos;
  pos.add("name", -1);
  int rc = kOk;
  auto vm = parseArgs(kHelp, options(), pos, args, rc);
  if (!vm) return rc;
  auto format = formatFrom(*vm, "verify", kFormats);
  auto settings = settingsFrom(*vm);
  if (!format || !settings) return kUsage;
  auto catalog = loadCatalogFrom(*vm);
  if (!catalog) return kFailure;
  auto targets = checkTargets(*catalog, settings->only);
  if (targets.empty()) {
    std::cerr << "orchardctl verify: no catalog name to check\n";
    return kUsage;
  }
  VerifyReport report;
  report.resolver = settings->resolver.text();
  if (settings->reference) report.reference = settings->reference->text();
  report.connect = settings->connect;
  for (const auto& t : targets) report.hosts.push_back(HostReport{&t, {}, {}, {}, {}});
  resolveAll(report, *settings);
  if (settings->connect) connectAll(report, *settings);
  if (*format == "json")
    printJson(std::cout, report);
  else
    printTable(std::cout, report);
  return report.failed() ? 1 : kOk;
}

}  // namespace orchard::ctl
