/**
 * \file nft_backend_admin.cc
 * Listing and flushing nftables sets for the control commands, and looking
 * up one element for the feeder's watcher (see sets/nft_backend.hh). None runs
 * on a resolver thread.
 */
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "policy/sets/nft_backend.hh"

namespace orchard {
namespace {

struct SetFree {
  void operator()(nftnl_set* s) const { nftnl_set_free(s); }
};
struct IterFree {
  void operator()(nftnl_set_elems_iter* i) const { nftnl_set_elems_iter_destroy(i); }
};

/** The inverse of sets/nft_backend.cc's putKey: address, then protocol and port
 *  each in a 32-bit register. False if the key has another shape. */
bool takeKey(const uint8_t* key, uint32_t len, Family f, SetKind kind, SetElement& out) {
  size_t n = f == Family::v4 ? 4 : 16;
  if (len != (kind == SetKind::address ? n : n + 8)) return false;
  out.address = f == Family::v4 ? Address::v4(key) : Address::v6(key);
  if (kind == SetKind::address) return true;
  if (key[n] != IPPROTO_TCP && key[n] != IPPROTO_UDP) return false;
  out.protocol = key[n] == IPPROTO_TCP ? Protocol::tcp : Protocol::udp;
  out.port = static_cast<uint16_t>(key[n + 4] << 8 | key[n + 5]);
  return true;
}

/** Passes the elements of one NEWSETELEM dump message to `visit`. */
void takeElements(const nlmsghdr* h, SetIndex set, Family f, SetKind kind,
                  const ElementVisitor& visit, size_t& entries) {
  std::unique_ptr<nftnl_set, SetFree> s(nftnl_set_alloc());
  if (nftnl_set_elems_nlmsg_parse(h, s.get()) < 0) return;
  std::unique_ptr<nftnl_set_elems_iter, IterFree> it(nftnl_set_elems_iter_create(s.get()));
  // _next returns the current element, then advances (libnftnl's idiom).
  for (nftnl_set_elem* e = nftnl_set_elems_iter_next(it.get()); e;
       e = nftnl_set_elems_iter_next(it.get())) {
    ++entries;
    if (kind != SetKind::service && kind != SetKind::address) continue;
    uint32_t len = 0;
    const auto* key = static_cast<const uint8_t*>(nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &len));
    KernelElement k;
    k.element.set = set;
    if (!key || !takeKey(key, len, f, kind, k.element)) continue;
    if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_EXPIRATION))
      k.expiresMs = static_cast<int64_t>(nftnl_set_elem_get_u64(e, NFTNL_SET_ELEM_EXPIRATION));
    visit(k);
  }
}

}  // namespace

/** NFT_MSG_GETSETELEM: the whole set (a dump), or the element `key`. */
BackendResult NftBackend::getElements(SetIndex set, const SetElement* key, const std::string& what,
                                      std::function<void(const nlmsghdr*)> onData) {
  const Target& t = sets_.at(set);
  return failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    alignas(nlmsghdr) char buf[1024];
    nlmsghdr* h = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSETELEM, family_,
                                        key ? NLM_F_ACK : NLM_F_DUMP, sock.nextSeq());
    std::unique_ptr<nftnl_set, SetFree> q(nftnl_set_alloc());
    nftnl_set_set_str(q.get(), NFTNL_SET_TABLE, table_.c_str());
    nftnl_set_set_str(q.get(), NFTNL_SET_NAME, t.name.c_str());
    if (key) {
      uint8_t bytes[32];
      size_t n = putKey(bytes, key->address, t.kind, key->protocol, key->port);
      nftnl_set_elem* e = nftnl_set_elem_alloc();
      nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, bytes, static_cast<uint32_t>(n));
      nftnl_set_elem_add(q.get(), e);
    }
    nftnl_set_elems_nlmsg_build_payload(h, q.get());
    if (int e = sock.request(h, std::move(onData))) return {e, what + " " + t.name};
    return {};
  }));
}

BackendResult NftBackend::visit(SetIndex set, const ElementVisitor& f, size_t& entries) {
  const Target& t = sets_.at(set);
  return getElements(set, nullptr, "list set", [&](const nlmsghdr* r) {
    takeElements(r, set, t.family, t.kind, f, entries);
  });
}

BackendResult NftBackend::holds(const SetElement& e) {
  return getElements(e.set, &e, "look up an element of set", nullptr);
}

BackendResult NftBackend::flush(SetIndex set) {
  const Target& t = sets_.at(set);
  return failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    alignas(nlmsghdr) char buf[2048];
    uint32_t beginSeq = sock.nextSeq();
    nlmsghdr* b = nftnl_batch_begin(buf, beginSeq);
    size_t len = NLMSG_ALIGN(b->nlmsg_len);
    nlmsghdr* h =
        nftnl_nlmsg_build_hdr(buf + len, NFT_MSG_DELSETELEM, family_, NLM_F_ACK, sock.nextSeq());
    std::unique_ptr<nftnl_set, SetFree> q(nftnl_set_alloc());
    nftnl_set_set_str(q.get(), NFTNL_SET_TABLE, table_.c_str());
    nftnl_set_set_str(q.get(), NFTNL_SET_NAME, t.name.c_str());
    nftnl_set_elems_nlmsg_build_payload(h, q.get());
    len += NLMSG_ALIGN(h->nlmsg_len);
    uint32_t endSeq = sock.nextSeq();
    len += NLMSG_ALIGN(nftnl_batch_end(buf + len, endSeq)->nlmsg_len);
    if (int e = sock.exchange(buf, len, {beginSeq, endSeq, 1, beginSeq, nullptr}))
      return {e, "flush set " + t.name};
    return {};
  }));
}

}  // namespace orchard
