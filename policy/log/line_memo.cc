/**
 * \file line_memo.cc
 * Reusing the middle of a line for the same answer (see log/line_memo.hh).
 */
#include "policy/log/line_memo.hh"

#include "policy/base/dns_name.hh"
#include "policy/log/format.hh"

namespace orchard {

size_t LineMemo::setOf(const LogLine& r) {
  uint64_t h = hashWire(r.qnameWire()) ^ r.qtype() * 0x165667b19e3779f9u;
  return static_cast<size_t>(h >> 40) % kSets;
}

LineMemo::Slot* LineMemo::find(Set& set, const LogLine& r) {
  for (Slot& s : set.ways)
    if (s.used && s.record.sameAnswerAs(r)) return &s;
  return nullptr;
}

void LineMemo::append(const LogLine& r, std::string& out) {
  if (r.source() != AnswerSource::cache || r.broken()) {
    r.appendJson(out);
    return;
  }
  TextCache& cache = TextCache::forThisThread();
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
    r.appendJsonMiddle(s->middle, cache);
    s->record = r;
    s->used = true;
  }
  r.appendJsonHead(out, cache);
  out += s->middle;
  r.appendJsonTail(out);
}

}  // namespace orchard
