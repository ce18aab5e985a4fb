/**
 * \file address_provenance.hh
 * Why an address is (or is not) in a firewall set: the query name, CNAME
 * chain and catalog rows that last brought it, when it was first and last
 * seen, or the reason it was refused (sinkhole, loopback, private ...).
 * Kept per address, bounded, and fed by the outcome log's writer thread, so
 * the resolver threads pay nothing for it. Answers `why ADDRESS`.
 *
 * Each address keeps a copy of the last log record (log_record.hh) that
 * carried it, expanded into a Provenance only when asked: adding runs for
 * every logged catalog answer, and copies bytes without allocating once
 * the address is known. Memory: at most maxAddresses x about 330 bytes.
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
  void add(const LogRecord& r);
  std::optional<Provenance> find(const Address& a) const;
  size_t size() const;

 private:
  struct Seen {
    int64_t firstSeenUs = 0;
    uint64_t answers = 0;
    LogRecord last;  // the last answer that carried the address
  };
  struct AddressHash {
    size_t operator()(const Address& a) const;
  };
  size_t max_;
  bool allowPrivate_;
  mutable std::mutex mutex_;
  std::unordered_map<Address, Seen, AddressHash> byAddress_;
};

}  // namespace orchard
