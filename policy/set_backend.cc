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

SetListing SetBackend::list(SetIndex) {
  return {{EOPNOTSUPP, std::string(name()) + ": listing sets is not supported"}, {}, 0};
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
