/**
 * \file set_backend.cc
 * Chooses the backend the set options name; the defaults of the optional
 * calls (see set_backend.hh).
 */
#include "policy/set_backend.hh"

#include <cerrno>

#include "policy/ipset_backend.hh"
#include "policy/nft_backend.hh"

namespace orchard {

BackendResult SetBackend::visit(SetIndex, const ElementVisitor&, size_t&) {
  return {EOPNOTSUPP, std::string(name()) + ": listing sets is not supported"};
}

SetListing SetBackend::list(SetIndex set) {
  SetListing out;
  out.result = visit(
      set, [&out](const KernelElement& e) { out.elements.push_back(e); }, out.entries);
  return out;
}

BackendResult SetBackend::flush(SetIndex) {
  return {EOPNOTSUPP, std::string(name()) + ": flushing sets is not supported"};
}

BackendResult SetBackend::holds(const SetElement&) {
  return {EOPNOTSUPP, std::string(name()) + ": looking up one element is not supported"};
}

std::unique_ptr<SetBackend> makeSetBackend(const SetLayout& layout) {
  switch (layout.options().backend) {
    case SetBackendKind::nftables: return std::make_unique<NftBackend>(layout);
    case SetBackendKind::ipset: return std::make_unique<IpsetBackend>(layout);
    case SetBackendKind::none: return nullptr;
  }
  return nullptr;
}

}  // namespace orchard
