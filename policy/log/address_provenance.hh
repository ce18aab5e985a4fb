/**
 * \file address_provenance.hh
 * Why an address is (or is not) in a firewall set: the query name, CNAME
 * chain and catalog rows that last brought it, when it was first and last
 * seen, or the reason it was refused (sinkhole, loopback, private ...).
 * Kept per address, bounded, and fed by the outcome log's writer thread, so
 * the resolver threads pay nothing for it. Answers `why ADDRESS`.
 *
 * Adding runs for every logged catalog answer, so it is cheap: per address
 * a small entry (first and last seen, answers, the last TTL) in an
 * open-addressing table keyed by a multiply-mixed hash of the address (it
 * doubles as it fills, up to 2 x maxAddresses slots), and a reference to a log
 * record (log/log_line.hh) shared by every address of the answer that last
 * carried it. The record is copied at most once per answer, and not at all
 * when each address's record already says the same (query name, reason,
 * rows and CNAMEs: LogLine::answerBytes), as for the same cache answer
 * again; it is expanded into a Provenance only when asked. A record no
 * address refers to any more is freed for reuse. Memory: at most
 * maxAddresses x about 400 bytes (two entry slots and, at worst, a record
 * each).
 * When the table holds maxAddresses it starts afresh.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/base/address.hh"
#include "policy/log/log_line.hh"
#include "policy/log/table_lock.hh"

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
  void add(const LogLine& r);
  std::optional<Provenance> find(const Address& a) const;
  size_t size() const;
  /** Records held (shared by the addresses they brought): for tests. */
  size_t records() const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  /** An address as words: IPv4 in lo's first 4 bytes (LogLine's
   *  forEachAddressWords), the rest zero. */
  struct Key {
    uint64_t lo = 0, hi = 0;
    uint8_t family = 0;  // 0: an empty slot
    static Key of(const Address& a);
    bool operator==(const Key&) const = default;
  };
  struct Seen {
    Key key;
    uint32_t ttl = 0;
    uint32_t record = kNone;  // in records_: the last answer that carried it
    int64_t firstSeenUs = 0, lastSeenUs = 0;
    uint64_t answers = 0;
  };
  struct Shared {
    LogLine record;
    uint32_t refs = 0;
  };
  /** The slot of k's entry, or the empty one where it would go. */
  size_t probe(const Key& k) const;
  Seen& insert(const Key& k, int64_t us);
  void grow();
  /** What add() learnt of the records while it walks one answer. */
  struct Answer {
    uint32_t same = kNone;     // a record that says what the answer says (or its copy)
    uint32_t differs = kNone;  // a record found to say otherwise
  };
  /** Points entry `s` at a record that says what `r` says. */
  void point(Seen& s, const LogLine& r, Answer& a);
  uint32_t copy(const LogLine& r);
  void release(uint32_t record);  // no address refers to it any more
  void clear();

  size_t max_;
  bool allowPrivate_;
  mutable LogTableLock lock_;
  // Open addressing, linear probing, at most half full; nothing is ever
  // removed but all at once (clear), so there are no tombstones.
  std::vector<Seen> table_;
  size_t size_ = 0;
  std::vector<Shared> records_;
  std::vector<uint32_t> free_;  // unreferenced records_ slots
};

}  // namespace orchard
