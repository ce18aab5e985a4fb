/**
 * \file line_memo.cc
 * Reusing the middle of a line for the same answer (see line_memo.hh).
 */
#include "policy/line_memo.hh"

#include <algorithm>
#include <cstring>

namespace orchard {

size_t LineMemo::setOf(const LogRecord& r) {
  // The name's first and last 8 bytes, its length and the type: names of
  // one zone share their ends, not both ends and the length.
  std::string_view w = r.qnameWire();
  uint64_t first = 0, last = 0;
  std::memcpy(&first, w.data(), std::min<size_t>(8, w.size()));
  if (w.size() > 8) std::memcpy(&last, w.data() + w.size() - 8, 8);
  uint64_t h = first * 0x9e3779b97f4a7c15u ^ last * 0xc2b2ae3d27d4eb4fu ^
               (w.size() << 16 | r.qtype()) * 0x165667b19e3779f9u;
  return static_cast<size_t>(h >> 40) % kSets;
}

LineMemo::Slot* LineMemo::find(Set& set, const LogRecord& r) {
  for (Slot& s : set.ways)
    if (s.used && s.record.sameAnswerAs(r)) return &s;
  return nullptr;
}

void LineMemo::append(const LogRecord& r, std::string& out) {
  if (r.source() != AnswerSource::cache || r.broken()) {
    r.appendJson(out);
    return;
  }
  Set& set = sets_[setOf(r)];
  Slot* s = find(set, r);
  if (s) {
    ++reused_;
    set.older = static_cast<uint8_t>(s == &set.ways[0]);  // the other way
  } else {
    s = &set.ways[set.older];
    set.older ^= 1;
    s->used = false;
    s->middle.clear();
    r.appendJsonMiddle(s->middle);
    s->record = r;
    s->used = true;
  }
  r.appendJsonHead(out);
  out += s->middle;
  r.appendJsonTail(out);
}

}  // namespace orchard
