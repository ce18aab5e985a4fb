/**
 * \file line_memo.hh
 * The log writer's memory of the lines it wrote for recent cache answers:
 * the same answer logged again reuses the middle of its line (query name,
 * rows, outcome, CNAMEs, addresses with their TTLs) and formats only the
 * time, the client and the thread.
 *
 * Why: popular names are answered from the cache hundreds of times a
 * second, each answer logged, and within a second the line differs only in
 * those three fields (the TTLs change with the second). Formatting the
 * middle was most of the writer's cost per cache hit (doc/performance.md).
 *
 * Exact: a line is reused only when LogLine::sameAnswerAs() says every
 * fact but time, client and thread is the remembered record's (payload
 * bytes compared). Only cache answers are remembered: a resolved answer is
 * not followed by the same line (its source differs from the cache hits
 * after it). kSets sets of two lines, chosen by query name and type (two, so
 * that two busy names of one set do not evict each other on every line);
 * the writer's thread only. Memory: about 1,024 x 600 bytes.
 */
#pragma once

#include <array>
#include <string>
#include <vector>

#include "policy/log/log_line.hh"

namespace orchard {

class LineMemo {
 public:
  static constexpr size_t kSets = 512;
  /** Appends r's JSON line (no newline), as LogLine::appendJson() would. */
  void append(const LogLine& r, std::string& out);
  /** Lines whose middle was reused. */
  uint64_t reused() const { return reused_; }

 private:
  struct Slot {
    bool used = false;
    LogLine record;      // the answer whose middle is kept
    std::string middle;  // LogLine::appendJsonMiddle() of it
  };
  struct Set {
    std::array<Slot, 2> ways;
    uint8_t older = 0;  // the way to replace next
  };
  static size_t setOf(const LogLine& r);
  /** The way of `set` that holds r's answer, or nullptr. */
  static Slot* find(Set& set, const LogLine& r);
  std::vector<Set> sets_ = std::vector<Set>(kSets);  // 300 KB: on the heap
  uint64_t reused_ = 0;
};

}  // namespace orchard
