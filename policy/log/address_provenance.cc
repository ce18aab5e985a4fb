/**
 * \file address_provenance.cc
 * Per-address provenance entries and the records they share (see
 * log/address_provenance.hh).
 */
#include "policy/log/address_provenance.hh"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace orchard {

namespace {

constexpr size_t kFirstSlots = 64;

}  // namespace

AddressProvenance::Key AddressProvenance::Key::of(const Address& a) {
  Key k;
  k.family = static_cast<uint8_t>(a.family);
  std::memcpy(&k.lo, a.bytes.data(), a.family == Family::v4 ? 4 : 8);
  if (a.family != Family::v4) std::memcpy(&k.hi, a.bytes.data() + 8, 8);
  return k;
}

inline size_t AddressProvenance::probe(const Key& k) const {
  size_t mask = table_.size() - 1;
  size_t i = static_cast<size_t>(hashAddressWords(k.lo, k.hi, k.family)) & mask;
  while (table_[i].key.family && !(table_[i].key == k)) i = (i + 1) & mask;
  return i;
}

void AddressProvenance::grow() {
  std::vector<Seen> old(std::max(kFirstSlots, table_.size() * 2));
  old.swap(table_);
  for (const Seen& s : old)
    if (s.key.family) table_[probe(s.key)] = s;
}

AddressProvenance::Seen& AddressProvenance::insert(const Key& k, int64_t us) {
  if (2 * (size_ + 1) > table_.size()) grow();
  Seen& s = table_[probe(k)];
  s = Seen{k, 0, kNone, us, us, 0};
  ++size_;
  return s;
}

uint32_t AddressProvenance::copy(const LogLine& r) {
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
  if (records_[record].record.spilled()) records_[record].record.releaseSpill();
  free_.push_back(record);
}

inline void AddressProvenance::point(Seen& s, const LogLine& r, Answer& a) {
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

void AddressProvenance::add(const LogLine& r) {
  if (!r.hasRows() || max_ == 0) return;  // only catalog answers feed sets
  std::lock_guard guard(lock_);
  Answer answer;
  int64_t us = r.timeUs();
  r.forEachAddressWords([&](uint8_t family, uint64_t lo, uint64_t hi, uint32_t ttl) {
    Key k{lo, hi, family};
    Seen* s = table_.empty() ? nullptr : &table_[probe(k)];
    if (!s || !s->key.family) {
      if (size_ >= max_) clear(), answer = {};  // bounded; starts afresh
      s = &insert(k, us);
    }
    ++s->answers;
    s->lastSeenUs = us;
    s->ttl = ttl;  // the last, as answers are counted
    point(*s, r, answer);
  });
}

std::optional<Provenance> AddressProvenance::find(const Address& a) const {
  std::lock_guard guard(lock_);
  if (table_.empty()) return std::nullopt;
  const Seen& s = table_[probe(Key::of(a))];
  if (!s.key.family) return std::nullopt;
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
  std::lock_guard guard(lock_);
  return size_;
}

size_t AddressProvenance::records() const {
  std::lock_guard guard(lock_);
  return records_.size() - free_.size();
}

}  // namespace orchard
