/**
 * \file log_record.hh
 * One outcome-log line as it waits in the queue: a fixed-size record that a
 * resolver thread fills in place, without allocating, and the log writer
 * turns into the JSON line (outcome_log.hh).
 *
 * Before, the queue held a LogEntry of heap strings and vectors built on the
 * resolver thread and freed on the writer: allocation, copies and frees for
 * every logged answer (doc/performance.md). A record holds the same facts as
 * bytes: the time, the client address, the query name in wire form, the
 * reason text, catalog rows as stable ids (log_rows.hh: valid after any
 * reload), CNAME targets and addresses. They go into an inline payload of
 * kInline bytes; an answer whose payload does not fit (long CNAME chains,
 * many addresses) gets a heap buffer instead ("spill"): rare, and nothing
 * is ever cut short.
 *
 * Payload layout, in order: qname (1-byte length, wire bytes), reason
 * (2-byte length, text), rows (4-byte LogRowId, 1-byte PatternKind each),
 * CNAMEs (2-byte length, presentation text each), addresses (1-byte family
 * 4|6, 4 or 16 bytes, 4-byte TTL each). Integers in host order.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/address.hh"
#include "policy/log_rows.hh"
#include "policy/name_matcher.hh"
#include "policy/outcome.hh"
#include "policy/reply.hh"

namespace orchard {

struct LogEntry;  // outcome_log.hh: the expanded form
class TextCache;  // log_format.hh

/** What onReply knows about one logged answer, by reference. */
struct LogFacts {
  int64_t timeUs;  // since the epoch, UTC
  const Reply& reply;
  const MatchList& matches;
  const std::vector<LogRowId>& rowIds;  // the matched policy's ids, by RowId
  const Outcome& outcome;
};

class LogRecord {
 public:
  static constexpr size_t kSize = 256;    // bytes per record (and queue cell, plus 8)
  static constexpr size_t kInline = 176;  // payload bytes held without allocating

  LogRecord() = default;
  LogRecord(const LogRecord& other) { copyFrom(other); }
  LogRecord& operator=(const LogRecord& other) {
    if (this != &other && !spill_ && !other.spill_) {  // the usual: one copy
      std::memcpy(static_cast<void*>(this), &other, offsetof(LogRecord, inline_) + other.size_);
      return *this;
    }
    return assign(other);
  }
  LogRecord(LogRecord&& other) noexcept { moveFrom(other); }
  LogRecord& operator=(LogRecord&& other) noexcept;
  ~LogRecord() { releaseSpill(); }

  /** The resolver thread's fill: copies bytes, allocates only to spill.
   *  Never throws: a spill that cannot be allocated leaves it broken(). */
  void fill(const LogFacts& f) noexcept;
  /** From an expanded entry (tests, control views): interns its rows;
   *  throws std::invalid_argument on a client or qname that does not parse. */
  void fill(const LogEntry& e);
  LogEntry expand() const;
  /** Appends the JSON line (no newline). Allocation-free but for `out`. */
  void appendJson(std::string& out) const;
  /** The same line in three parts: the head (time, client), the middle
   *  (the answer: everything from the query name to "admitted") and the
   *  tail (thread). A writer that logs the same answer again reuses the
   *  middle (line_memo.hh). */
  void appendJsonHead(std::string& out, TextCache& cache) const;
  void appendJsonMiddle(std::string& out, TextCache& cache) const;
  void appendJsonTail(std::string& out) const;
  /** Every fact but the time, the client and the thread is `other`'s: the
   *  middle of the line is the same. */
  bool sameAnswerAs(const LogRecord& other) const;
  /** Frees the spill buffer, if any (the writer, after use). */
  void releaseSpill();
  /** The same answer at another time, for another client, on another
   *  thread: what a replayed cache answer changes (answer_memo.hh). */
  void restamp(int64_t timeUs, const std::optional<Address>& client, int32_t thread) {
    timeUs_ = timeUs;
    thread_ = thread;
    hasClient_ = client.has_value();
    if (hasClient_) client_ = *client;
  }

  int64_t timeUs() const { return timeUs_; }
  uint16_t qtype() const { return qtype_; }
  AnswerSource source() const { return static_cast<AnswerSource>(source_); }
  OutcomeKind kind() const { return static_cast<OutcomeKind>(kind_); }
  bool hasRows() const { return nRows_ > 0; }
  bool spilled() const { return spill_ != nullptr; }
  /** The payload could not be allocated: nothing to log but the loss. */
  bool broken() const { return broken_; }
  /** The query name in (lower-cased) wire form. */
  std::string_view qnameWire() const {
    return {reinterpret_cast<const char*>(payload()) + 1, payload()[0]};
  }
  /** The payload before the addresses: query name, reason, rows and
   *  CNAMEs. Two records with the same bytes say the same of them. */
  std::string_view answerBytes() const {
    return {reinterpret_cast<const char*>(payload()), addressesAt_};
  }
  size_t addressCount() const { return nAddresses_; }
  /** Calls f(uint8_t family, uint64_t lo, uint64_t hi, uint32_t ttl) for
   *  each address, in answer order: its bytes as two words (an IPv4
   *  address in lo's first 4 bytes, the rest zero), for a table that hashes
   *  and compares them without building Addresses. */
  template <typename F>
  void forEachAddressWords(F&& f) const {
    const uint8_t* p = payload() + addressesAt_;
    for (size_t i = 0; i < nAddresses_; ++i) {
      uint8_t family = *p++;
      uint64_t lo = 0, hi = 0;
      uint32_t ttl;
      if (family == static_cast<uint8_t>(Family::v4)) {
        std::memcpy(&lo, p, 4), p += 4;
      } else {
        std::memcpy(&lo, p, 8), std::memcpy(&hi, p + 8, 8), p += 16;
      }
      std::memcpy(&ttl, p, 4), p += 4;
      f(family, lo, hi, ttl);
    }
  }
  /** Calls f(const TtlAddress&) for each address, in answer order. */
  template <typename F>
  void forEachAddress(F&& f) const {
    forEachAddressWords([&f](uint8_t family, uint64_t lo, uint64_t hi, uint32_t ttl) {
      TtlAddress ta;
      ta.address.family = static_cast<Family>(family);
      std::memcpy(ta.address.bytes.data(), &lo, 8);
      std::memcpy(ta.address.bytes.data() + 8, &hi, 8);
      ta.ttl = ttl;
      f(static_cast<const TtlAddress&>(ta));
    });
  }

 private:
  const uint8_t* payload() const { return spill_ ? spill_ : inline_; }
  struct Parts;  // what goes into the payload, from either fill()
  void write(const Parts& parts);
  uint8_t* reserve(size_t size);
  void copyFrom(const LogRecord& other);
  LogRecord& assign(const LogRecord& other);
  void moveFrom(LogRecord& other);
  size_t jsonBound() const;  // the line's length at most
  char* putJson(char* p, TextCache& cache) const;
  char* putHead(char* p, TextCache& cache) const;
  char* putMiddle(char* p, TextCache& cache) const;
  char* putTail(char* p) const;
  char* putRows(char* p) const;
  char* putCnames(char* p) const;
  char* putAddresses(char* p, TextCache& cache) const;
  std::string_view reason() const;

  int64_t timeUs_ = 0;
  uint8_t* spill_ = nullptr;  // owned; payload when it does not fit inline_
  uint32_t size_ = 0;         // payload bytes
  uint32_t reasonAt_ = 0, rowsAt_ = 0, cnamesAt_ = 0, addressesAt_ = 0;
  uint32_t nAddresses_ = 0, admitted_ = 0;
  int32_t thread_ = -1;
  uint16_t qtype_ = 0, rcode_ = 0;
  uint16_t nRows_ = 0, nCnames_ = 0;
  uint8_t source_ = 0, kind_ = 0;
  bool hasClient_ = false, broken_ = false;
  Address client_;
  uint8_t inline_[kInline];
};
static_assert(sizeof(LogRecord) <= LogRecord::kSize, "LogRecord outgrew its slot");

/** "A", "AAAA", ... or "TYPE123". */
std::string qtypeName(uint16_t qtype);

}  // namespace orchard
