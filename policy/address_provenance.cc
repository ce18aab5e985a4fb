/**
 * \file address_provenance.cc
 * Per-address provenance records (see address_provenance.hh).
 */
#include "policy/address_provenance.hh"

#include <cstring>
#include <string_view>

namespace orchard {

size_t AddressProvenance::AddressHash::operator()(const Address& a) const {
  std::string_view bytes(reinterpret_cast<const char*>(a.bytes.data()), a.size());
  return std::hash<std::string_view>{}(bytes) ^ static_cast<size_t>(a.family);
}

void AddressProvenance::add(const LogRecord& r) {
  if (!r.hasRows()) return;  // only catalog answers feed sets
  std::lock_guard lock(mutex_);
  r.forEachAddress([&](const TtlAddress& ta) {
    auto it = byAddress_.find(ta.address);
    if (it == byAddress_.end()) {
      if (byAddress_.size() >= max_) byAddress_.clear();  // bounded; starts afresh
      it = byAddress_.emplace(ta.address, Seen{r.timeUs(), 0, {}}).first;
    }
    Seen& s = it->second;
    ++s.answers;
    s.last = r;
  });
}

std::optional<Provenance> AddressProvenance::find(const Address& a) const {
  std::lock_guard lock(mutex_);
  auto it = byAddress_.find(a);
  if (it == byAddress_.end()) return std::nullopt;
  const Seen& s = it->second;
  LogEntry e = s.last.expand();
  Provenance p;
  p.address = a;
  p.firstSeenUs = s.firstSeenUs;
  p.lastSeenUs = e.timeUs;
  for (const auto& ta : e.addresses)
    if (ta.address == a) p.ttl = ta.ttl;  // the last, as answers were counted
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
  return byAddress_.size();
}

}  // namespace orchard
