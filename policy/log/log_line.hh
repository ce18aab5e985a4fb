/**
 * \file log_line.hh
 * One outcome-log line, in its two forms:
 *  - LogLine: what waits in the log queue. A fixed-size value that a
 *    resolver thread fills in place without allocating, and the log writer
 *    turns into the JSON line (log/outcome_log.hh). It holds the facts as
 *    bytes: the time, the client address, the query name in wire form, the
 *    reason text, catalog rows as stable ids (log/rows.hh: valid after any
 *    reload), CNAME targets and addresses, in an inline payload of kInline
 *    bytes; an answer whose payload does not fit (long CNAME chains, many
 *    addresses) gets a heap buffer instead ("spill"): rare, and nothing is
 *    ever cut short.
 *  - LogEntry: the same facts as separate values, for tests and tools.
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

#include "policy/answer/outcome.hh"
#include "policy/answer/reply.hh"
#include "policy/base/address.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/log/rows.hh"

namespace orchard {

class TextCache;  // log/format.hh

struct LogRow {
  std::string section, pattern;
  PatternKind how;
};

/** A log line's facts as separate values: what control views and tests
 *  read (LogLine::expand()); the queue holds LogLines. */
struct LogEntry {
  int64_t timeUs = 0;  // since the epoch, UTC
  std::string client;  // "192.0.2.7" or ""
  std::string qname;
  uint16_t qtype = 0;
  uint16_t rcode = 0;
  AnswerSource source = AnswerSource::resolved;
  int thread = -1;
  std::vector<LogRow> rows;
  OutcomeKind kind = OutcomeKind::answered;
  std::string reason;
  std::vector<std::string> cnames;
  std::vector<TtlAddress> addresses;
  size_t admitted = 0;  // how many of `addresses` were fit for sets
};

/** The JSON line for an entry, without the newline. */
std::string formatLogLine(const LogEntry& e);

/** What onReply knows about one logged answer, by reference. */
struct LogFacts {
  int64_t timeUs;  // since the epoch, UTC
  const Reply& reply;
  const MatchList& matches;
  const std::vector<LogRowId>& rowIds;  // the matched policy's ids, by RowId
  const Outcome& outcome;
};

class LogLine {
 public:
  static constexpr size_t kSize = 256;    // bytes per record (and queue cell, plus 8)
  static constexpr size_t kInline = 176;  // payload bytes held without allocating

  LogLine() = default;
  LogLine(const LogLine& other) { copyFrom(other); }
  LogLine& operator=(const LogLine& other) {
    if (this != &other && !spill_ && !other.spill_) {  // the usual: one copy
      std::memcpy(static_cast<void*>(this), &other, offsetof(LogLine, inline_) + other.size_);
      return *this;
    }
    return assign(other);
  }
  LogLine(LogLine&& other) noexcept { moveFrom(other); }
  LogLine& operator=(LogLine&& other) noexcept;
  ~LogLine() { releaseSpill(); }

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
   *  middle (log/line_memo.hh). */
  void appendJsonHead(std::string& out, TextCache& cache) const;
  void appendJsonMiddle(std::string& out, TextCache& cache) const;
  void appendJsonTail(std::string& out) const;
  /** Every fact but the time, the client and the thread is `other`'s: the
   *  middle of the line is the same. */
  bool sameAnswerAs(const LogLine& other) const;
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
  void copyFrom(const LogLine& other);
  LogLine& assign(const LogLine& other);
  void moveFrom(LogLine& other);
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
static_assert(sizeof(LogLine) <= LogLine::kSize, "LogLine outgrew its slot");

/** "A", "AAAA", ... or "TYPE123". */
std::string qtypeName(uint16_t qtype);

}  // namespace orchard
