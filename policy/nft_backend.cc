/**
 * \file nft_backend.cc
 * nftables set elements over raw netlink batches (see nft_backend.hh).
 */
#include "policy/nft_backend.hh"

#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <cstring>
#include <stdexcept>

namespace orchard {
namespace {

constexpr size_t kPerMessage = 128;     // elements in one NEWSETELEM message
constexpr size_t kBufSize = 96 * 1024;  // one batch; flushed past kFlushAt
constexpr size_t kFlushAt = 64 * 1024;

struct SetFree {
  void operator()(nftnl_set* s) const { nftnl_set_free(s); }
};
struct TableFree {
  void operator()(nftnl_table* t) const { nftnl_table_free(t); }
};

SetIndex setOf(const TimedElement& e) { return e.element.set; }
SetIndex setOf(const StaticElement& e) { return e.set; }

size_t advance(const nlmsghdr* h) { return NLMSG_ALIGN(h->nlmsg_len); }

}  // namespace

size_t putKey(uint8_t* out, const Address& a, SetKind kind, Protocol p, uint16_t port) {
  size_t n = a.size();
  std::memcpy(out, a.bytes.data(), n);
  if (kind == SetKind::address) return n;
  std::memset(out + n, 0, 8);
  out[n] = p == Protocol::tcp ? IPPROTO_TCP : IPPROTO_UDP;
  out[n + 4] = static_cast<uint8_t>(port >> 8);
  out[n + 5] = static_cast<uint8_t>(port);
  return n + 8;
}

int nftFamilyFromString(const std::string& s) {
  if (s == "inet") return NFPROTO_INET;
  if (s == "ip") return NFPROTO_IPV4;
  if (s == "ip6") return NFPROTO_IPV6;
  if (s == "bridge") return NFPROTO_BRIDGE;
  if (s == "netdev") return NFPROTO_NETDEV;
  if (s == "arp") return NFPROTO_ARP;
  return -1;
}

NftBackend::NftBackend(const SetLayout& layout)
    : familyName_(layout.options().nftFamily), table_(layout.options().nftTable) {
  int f = nftFamilyFromString(familyName_);
  if (f < 0) throw std::runtime_error("unknown nftables family '" + familyName_ + "'");
  family_ = static_cast<uint16_t>(f);
  for (const SetSpec& s : layout.sets()) sets_.push_back({s.name, s.family, s.kind});
}

BackendResult NftBackend::failure(int error, const std::string& what) const {
  return {error,
          "nftables " + familyName_ + " " + table_ + ": " + what + ": " + netlinkError(error)};
}

template <typename Element, typename Fill>
BackendResult NftBackend::write(std::span<const Element> elements, Fill fill) {
  int error = 0;
  auto sock = pool_.take(error);
  if (!sock) return failure(error, "cannot open a netlink socket");
  thread_local std::vector<char> buf(kBufSize);
  std::vector<bool> done(sets_.size());
  BackendResult result;
  for (const Element& first : elements) {
    SetIndex set = setOf(first);
    if (done.at(set) || !result.ok()) continue;
    done[set] = true;
    std::vector<const Element*> mine;
    for (const Element& e : elements)
      if (setOf(e) == set) mine.push_back(&e);
    for (size_t at = 0; at < mine.size() && result.ok();) {
      uint32_t beginSeq = sock->nextSeq();
      size_t len = advance(nftnl_batch_begin(buf.data(), beginSeq));
      int acks = 0;
      while (at < mine.size() && len < kFlushAt) {
        std::unique_ptr<nftnl_set, SetFree> s(nftnl_set_alloc());
        nftnl_set_set_str(s.get(), NFTNL_SET_TABLE, table_.c_str());
        nftnl_set_set_str(s.get(), NFTNL_SET_NAME, sets_[set].name.c_str());
        for (size_t k = 0; k < kPerMessage && at < mine.size(); ++k, ++at)
          fill(s.get(), *mine[at], sets_[set]);
        nlmsghdr* h = nftnl_nlmsg_build_hdr(buf.data() + len, NFT_MSG_NEWSETELEM, family_,
                                            NLM_F_CREATE | NLM_F_ACK, sock->nextSeq());
        nftnl_set_elems_nlmsg_build_payload(h, s.get());
        len += advance(h);
        ++acks;
      }
      uint32_t endSeq = sock->nextSeq();
      len += advance(nftnl_batch_end(buf.data() + len, endSeq));
      if (int e = sock->exchange(buf.data(), len, {beginSeq, endSeq, acks, beginSeq, nullptr}))
        result = failure(e, "add to set " + sets_[set].name);
    }
  }
  pool_.give(std::move(sock));
  return result;
}

BackendResult NftBackend::add(std::span<const TimedElement> elements) {
  return write(elements, [](nftnl_set* s, const TimedElement& t, const Target& target) {
    uint8_t key[32];
    const SetElement& el = t.element;
    size_t n = putKey(key, el.address, target.kind, el.protocol, el.port);
    nftnl_set_elem* e = nftnl_set_elem_alloc();
    nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, static_cast<uint32_t>(n));
    nftnl_set_elem_set_u64(e, NFTNL_SET_ELEM_TIMEOUT, static_cast<uint64_t>(t.timeoutMs));
    // The expiration too: re-adding a present element with the timeout it
    // already has leaves its expiry where it was (Linux 6.18 measured; the
    // kernel updates it only when the timeout changes or one is given).
    nftnl_set_elem_set_u64(e, NFTNL_SET_ELEM_EXPIRATION, static_cast<uint64_t>(t.timeoutMs));
    nftnl_set_elem_add(s, e);
  });
}

namespace {

/** A concatenated range (pipapo): one element with a key and a key end. */
void putRange(nftnl_set* s, const StaticElement& st, SetKind kind) {
  uint8_t key[32], end[32];
  size_t n = putKey(key, st.block.base, kind, st.protocol, st.portFirst);
  putKey(end, lastAddress(st.block), kind, st.protocol, st.portLast);
  nftnl_set_elem* e = nftnl_set_elem_alloc();
  nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, static_cast<uint32_t>(n));
  nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY_END, end, static_cast<uint32_t>(n));
  nftnl_set_elem_add(s, e);
}

/** A plain interval (rbtree): the start, then the first address past the
 *  end flagged as an interval end (none when the block ends the space). */
void putInterval(nftnl_set* s, const AddressBlock& b) {
  Address end = lastAddress(b);
  nftnl_set_elem* e = nftnl_set_elem_alloc();
  nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, b.base.bytes.data(),
                     static_cast<uint32_t>(b.base.size()));
  nftnl_set_elem_add(s, e);
  for (size_t i = end.size(); i-- > 0;)
    if (++end.bytes[i] != 0) {
      nftnl_set_elem* x = nftnl_set_elem_alloc();
      nftnl_set_elem_set(x, NFTNL_SET_ELEM_KEY, end.bytes.data(),
                         static_cast<uint32_t>(end.size()));
      nftnl_set_elem_set_u32(x, NFTNL_SET_ELEM_FLAGS, NFT_SET_ELEM_INTERVAL_END);
      nftnl_set_elem_add(s, x);
      return;
    }
}

}  // namespace

BackendResult NftBackend::addStatic(std::span<const StaticElement> elements) {
  return write(elements, [](nftnl_set* s, const StaticElement& st, const Target& target) {
    if (target.kind == SetKind::nets)
      putInterval(s, st.block);
    else
      putRange(s, st, target.kind);
  });
}

int NftBackend::getHandle(NetlinkSocket& s, bool table, const std::string& set, uint64_t& handle) {
  alignas(nlmsghdr) char buf[4096];
  uint32_t seq = s.nextSeq();
  nlmsghdr* h = nftnl_nlmsg_build_hdr(buf, table ? NFT_MSG_GETTABLE : NFT_MSG_GETSET, family_,
                                      NLM_F_ACK, seq);
  NetlinkExpect expect{seq, seq, 1, seq, nullptr};
  if (table) {
    std::unique_ptr<nftnl_table, TableFree> t(nftnl_table_alloc());
    nftnl_table_set_str(t.get(), NFTNL_TABLE_NAME, table_.c_str());
    nftnl_table_nlmsg_build_payload(h, t.get());
    expect.onData = [&handle](const nlmsghdr* r) {
      std::unique_ptr<nftnl_table, TableFree> got(nftnl_table_alloc());
      if (nftnl_table_nlmsg_parse(r, got.get()) == 0)
        handle = nftnl_table_get_u64(got.get(), NFTNL_TABLE_HANDLE);
    };
  } else {
    std::unique_ptr<nftnl_set, SetFree> q(nftnl_set_alloc());
    nftnl_set_set_str(q.get(), NFTNL_SET_TABLE, table_.c_str());
    nftnl_set_set_str(q.get(), NFTNL_SET_NAME, set.c_str());
    nftnl_set_nlmsg_build_payload(h, q.get());
    expect.onData = [&handle](const nlmsghdr* r) {
      std::unique_ptr<nftnl_set, SetFree> got(nftnl_set_alloc());
      if (nftnl_set_nlmsg_parse(r, got.get()) == 0)
        handle = nftnl_set_get_u64(got.get(), NFTNL_SET_HANDLE);
    };
  }
  return s.exchange(buf, h->nlmsg_len, expect);
}

SetProbe NftBackend::probe(SetIndex set) {
  SetProbe p;
  int error = 0;
  auto sock = pool_.take(error);
  if (!sock) {
    p.result = failure(error, "cannot open a netlink socket");
    return p;
  }
  uint64_t tableHandle = 0, setHandle = 0;
  const std::string& name = sets_.at(set).name;
  if ((error = getHandle(*sock, true, name, tableHandle)))
    p.result = failure(error, "table " + table_);
  else if ((error = getHandle(*sock, false, name, setHandle)))
    p.result = failure(error, "set " + name);
  p.identity = (tableHandle << 32) ^ setHandle;
  pool_.give(std::move(sock));
  return p;
}

}  // namespace orchard
