/**
 * \file address_provenance.cc
 * Per-address provenance records (see address_provenance.hh).
 */
#include "policy/address_provenance.hh"

namespace orchard {

void AddressProvenance::add(const LogEntry& e) {
  if (e.rows.empty()) return;  // only catalog answers feed sets
  std::lock_guard lock(mutex_);
  for (const auto& ta : e.addresses) {
    std::string key = ta.address.toString();
    auto it = byAddress_.find(key);
    if (it == byAddress_.end()) {
      if (byAddress_.size() >= max_) byAddress_.clear();  // bounded; starts afresh
      Provenance fresh;
      fresh.address = ta.address;
      fresh.firstSeenUs = e.timeUs;
      it = byAddress_.emplace(key, std::move(fresh)).first;
    }
    Provenance& p = it->second;
    AddressClass cls = classify(ta.address);
    bool admitted =
        cls == AddressClass::routable || (cls == AddressClass::private_ && allowPrivate_);
    p.lastSeenUs = e.timeUs;
    p.ttl = ta.ttl;
    p.qname = e.qname;
    p.cnames = e.cnames;
    p.rows = e.rows;
    p.refused = admitted ? "" : std::string(toString(cls));
    ++p.answers;
  }
}

std::optional<Provenance> AddressProvenance::find(const Address& a) const {
  std::lock_guard lock(mutex_);
  auto it = byAddress_.find(a.toString());
  if (it == byAddress_.end()) return std::nullopt;
  return it->second;
}

size_t AddressProvenance::size() const {
  std::lock_guard lock(mutex_);
  return byAddress_.size();
}

}  // namespace orchard
