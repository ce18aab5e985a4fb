/**
 * \file address_provenance.hh
 * Why an address is (or is not) in a firewall set: the query name, CNAME
 * chain and catalog rows that last brought it, when it was first and last
 * seen, or the reason it was refused (sinkhole, loopback, private ...).
 * Kept per address, bounded, and fed by the outcome log's writer thread, so
 * the resolver threads pay nothing for it. Answers `why ADDRESS`.
 */
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/address.hh"
#include "policy/outcome_log.hh"

namespace orchard {

struct Provenance {
  Address address;
  int64_t firstSeenUs = 0, lastSeenUs = 0;
  uint32_t ttl = 0;   // in the last answer
  std::string qname;  // the last query that answered it
  std::vector<std::string> cnames;
  std::vector<LogRow> rows;
  std::string refused;   // "" if admitted, else the address class
  uint64_t answers = 0;  // answers that carried it
};

class AddressProvenance {
 public:
  explicit AddressProvenance(size_t maxAddresses = 100000, bool allowPrivate = false)
      : max_(maxAddresses), allowPrivate_(allowPrivate) {}
  /** Records the addresses of one logged catalog answer. */
  void add(const LogEntry& e);
  std::optional<Provenance> find(const Address& a) const;
  size_t size() const;

 private:
  size_t max_;
  bool allowPrivate_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Provenance> byAddress_;  // key: toString()
};

}  // namespace orchard
