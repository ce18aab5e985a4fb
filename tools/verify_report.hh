/**
 * \file verify_report.hh
 * What `orchardctl verify` found, per catalog name, and its two printed
 * forms: a table for a person (with a summary line) and JSON for scripts.
 */
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "tools/tcp_probe.hh"
#include "tools/verify_classify.hh"
#include "tools/verify_targets.hh"

namespace orchard::ctl {

struct PortReport {
  Service service;
  std::string result;  // open, refused, timeout, unreachable, error, not checked, skipped
  bool failed = false;
  std::vector<Probe> probes;  // one per address tried (TCP)
};

struct HostReport {
  const CheckTarget* target = nullptr;
  NameResult site, reference;
  DnsVerdict dns;
  std::vector<PortReport> ports;  // filled with --connect
  bool failed() const;
};

struct VerifyReport {
  std::string resolver, reference;  // reference empty when not given
  bool connect = false;
  std::vector<HostReport> hosts;
  bool failed() const;
};

void printTable(std::ostream& out, const VerifyReport& r);
void printJson(std::ostream& out, const VerifyReport& r);

}  // namespace orchard::ctl
