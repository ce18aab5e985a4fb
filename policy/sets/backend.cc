/**
 * \file backend.cc
 * The defaults of the backend's optional calls (see sets/backend.hh).
 */
#include "policy/sets/backend.hh"

#include <cerrno>

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

}  // namespace orchard
