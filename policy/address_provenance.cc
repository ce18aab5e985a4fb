/**
 * \file address_provenance.cc
 * Per-address provenance entries and the records they share (see
 * address_provenance.hh).
 */
#include "policy/address_provenance.hh"

#include <algorithm>
#include <cstring>

namespace orchard {

namespace {

constexpr size_t kFirstSlots = 64;

uint64_t word(const Address& a, size_t at) {
  uint64_t v;
  std::memcpy(&v, a.bytes.data() + at, 8);
  return v;
}

// Addresses keep the bytes past their size zero (address.hh's operator==
// compares all 16 too), so both take whole words.
size_t addressHash(const Address& a) {
  uint64_t h = (word(a, 0) ^ static_cast<uint64_t>(a.family)) * 0x9e3779b97f4a7c15u;
  h = (h ^ (h >> 29) ^ word(a, 8)) * 0xbf58476d1ce4e5b9u;
  return static_cast<size_t>(h ^ (h >> 32));
}

bool sameAddress(const Address& a, const Address& b) {
  return word(a, 0) == word(b, 0) && word(a, 8) == word(b, 8) && a.family == b.family;
}

}  // namespace

size_t AddressProvenance::probe(const Address& a) const {
  size_t mask = table_.size() - 1;
  size_t i = addressHash(a) & mask;
  while (table_[i].used && !sameAddress(table_[i].address, a)) i = (i + 1) & mask;
  return i;
}

const AddressProvenance::Seen* AddressProvenance::lookup(const Address& a) const {
  if (table_.empty()) return nullptr;
  const Seen& s = table_[probe(a)];
  return s.used ? &s : nullptr;
}

void AddressProvenance::grow() {
  std::vector<Seen> old(std::max(kFirstSlots, table_.size() * 2));
  old.swap(table_);
  for (const Seen& s : old)
    if (s.used) table_[probe(s.address)] = s;
}

AddressProvenance::Seen& AddressProvenance::insert(const Address& a, int64_t us) {
  if (2 * (size_ + 1) > table_.size()) grow();
  Seen& s = table_[probe(a)];
  s = Seen{a, true, 0, kNone, us, us, 0};
  ++size_;
  return s;
}

uint32_t AddressProvenance::copy(const LogRecord& r) {
  uint32_t i;
  if (free_.empty()) {
    i = static_cast<uint32_t>(records_.size());
    records_.push_back({r, 0});
  } else {
    i = free_.back();
    free_.pop_back();
    records_[i].record = r;
  }
  return i;
}

void AddressProvenance::release(uint32_t record) {
  records_[record].record.releaseSpill();
  free_.push_back(record);
}

inline void AddressProvenance::point(Seen& s, const LogRecord& r, Answer& a) {
  uint32_t cur = s.record;
  if (cur != kNone && cur == a.same) return;
  if (cur != kNone && cur != a.differs) {
    if (records_[cur].record.answerBytes() == r.answerBytes()) {
      if (a.same == kNone) a.same = cur;
      return;
    }
    a.differs = cur;  // the next address it brought needs no compare
  }
  if (a.same == kNone) a.same = copy(r);
  s.record = a.same;
  ++records_[a.same].refs;
  if (cur != kNone && --records_[cur].refs == 0) release(cur);
}

void AddressProvenance::clear() {
  table_.clear();
  size_ = 0;
  records_.clear();
  free_.clear();
}

void AddressProvenance::add(const LogRecord& r) {
  if (!r.hasRows() || max_ == 0) return;  // only catalog answers feed sets
  std::lock_guard lock(mutex_);
  Answer answer;
  r.forEachAddress([&](const TtlAddress& ta) {
    Seen* s = table_.empty() ? nullptr : &table_[probe(ta.address)];
    if (!s || !s->used) {
      if (size_ >= max_) clear(), answer = {};  // bounded; starts afresh
      s = &insert(ta.address, r.timeUs());
    }
    ++s->answers;
    s->lastSeenUs = r.timeUs();
    s->ttl = ta.ttl;  // the last, as answers are counted
    point(*s, r, answer);
  });
}

std::optional<Provenance> AddressProvenance::find(const Address& a) const {
  std::lock_guard lock(mutex_);
  const Seen* found = lookup(a);
  if (!found) return std::nullopt;
  const Seen& s = *found;
  LogEntry e = records_[s.record].record.expand();
  Provenance p;
  p.address = a;
  p.firstSeenUs = s.firstSeenUs;
  p.lastSeenUs = s.lastSeenUs;
  p.ttl = s.ttl;
  p.qname = std::move(e.qname);
  p.cnames = std::move(e.cnames);
  p.rows = std::move(e.rows);
  AddressClass cls = classify(a);
  bool admitted = cls == AddressClass::routable || (cls == AddressClass::private_ && allowPrivate_);
  p.refused = admitted ? "" : std::string(toString(cls));
  p.answers = s.answers;
  return p;
}

size_t AddressProvenance::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

size_t AddressProvenance::records() const {
  std::lock_guard lock(mutex_);
  return records_.size() - free_.size();
}

}  // namespace orchard
