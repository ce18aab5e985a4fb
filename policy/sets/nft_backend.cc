/**
 * \file nft_backend.cc
 * nftables set elements over raw netlink batches (see sets/nft_backend.hh).
 */
#include "policy/sets/nft_backend.hh"

#include <endian.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <cstring>
#include <stdexcept>
#include <string_view>
#include <utility>

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
  static constexpr std::pair<std::string_view, int> kFamilies[] = {
      {"inet", NFPROTO_INET},     {"ip", NFPROTO_IPV4},       {"ip6", NFPROTO_IPV6},
      {"bridge", NFPROTO_BRIDGE}, {"netdev", NFPROTO_NETDEV}, {"arp", NFPROTO_ARP},
  };
  for (const auto& [word, family] : kFamilies)
    if (word == s) return family;
  return -1;
}

NftBackend::NftBackend(const SetLayout& layout)
    : familyName_(layout.options().nftFamily), table_(layout.options().nftTable) {
  int f = nftFamilyFromString(familyName_);
  if (f < 0) throw std::runtime_error("unknown nftables family '" + familyName_ + "'");
  family_ = static_cast<uint16_t>(f);
  for (const SetSpec& s : layout.sets()) sets_.push_back({s.name, s.family, s.kind});
}

BackendResult NftBackend::failure(const NetlinkFailure& f) const {
  if (!f.error) return {};
  return {f.error,
          "nftables " + familyName_ + " " + table_ + ": " + f.doing + ": " + netlinkError(f.error)};
}

namespace {

void putData(nlmsghdr* h, uint16_t type, const uint8_t* data, size_t len) {
  nlattr* nest = mnl_attr_nest_start(h, type);
  mnl_attr_put(h, NFTA_DATA_VALUE, len, data);
  mnl_attr_nest_end(h, nest);
}

/** The index of the first element of `set` at or after `at`. */
template <typename Element>
size_t nextOf(std::span<const Element> elements, size_t at, SetIndex set) {
  while (at < elements.size() && setOf(elements[at]) != set) ++at;
  return at;
}

}  // namespace

void putNftElement(nlmsghdr* h, uint16_t index, const NftElement& a) {
  nlattr* nest = mnl_attr_nest_start(h, index);
  if (a.flags) mnl_attr_put_u32(h, NFTA_SET_ELEM_FLAGS, htobe32(a.flags));
  if (a.timeoutMs >= 0) {
    uint64_t ms = htobe64(static_cast<uint64_t>(a.timeoutMs));
    mnl_attr_put_u64(h, NFTA_SET_ELEM_TIMEOUT, ms);
    mnl_attr_put_u64(h, NFTA_SET_ELEM_EXPIRATION, ms);
  }
  putData(h, NFTA_SET_ELEM_KEY, a.key, a.keyLen);
  if (a.keyEnd) putData(h, NFTA_SET_ELEM_KEY_END, a.keyEnd, a.keyLen);
  mnl_attr_nest_end(h, nest);
}

// One batch per set (more when a set's elements overflow kFlushAt), each
// NEWSETELEM message built in a thread-local buffer with libmnl's attribute
// helpers: nothing is allocated on the way to the kernel. No message asks
// for an ack: the batch is committed (or aborted, its errors queued) inside
// sendto(), so one non-blocking read of what the kernel queued tells
// success from failure (NetlinkSocket::queuedError), and the element is in
// the set when add() returns.
template <typename Element, typename Put>
BackendResult NftBackend::write(std::span<const Element> elements, Put put) {
  return failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    thread_local std::vector<char> buf(kBufSize);
    for (SetIndex set = 0; set < sets_.size(); ++set) {
      const Target& target = sets_[set];
      for (size_t at = nextOf(elements, 0, set); at < elements.size();) {
        uint32_t beginSeq = sock.nextSeq();
        size_t len = advance(nftnl_batch_begin(buf.data(), beginSeq));
        while (at < elements.size() && len < kFlushAt) {
          nlmsghdr* h = nftnl_nlmsg_build_hdr(buf.data() + len, NFT_MSG_NEWSETELEM, family_,
                                              NLM_F_CREATE, sock.nextSeq());
          mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_SET, target.name.c_str());
          mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_TABLE, table_.c_str());
          nlattr* list = mnl_attr_nest_start(h, NFTA_SET_ELEM_LIST_ELEMENTS);
          uint16_t index = 0;
          for (size_t k = 0; k < kPerMessage && at < elements.size(); ++k) {
            put(h, index, elements[at], target);
            at = nextOf(elements, at + 1, set);
          }
          mnl_attr_nest_end(h, list);
          len += advance(h);
        }
        uint32_t endSeq = sock.nextSeq();
        len += advance(nftnl_batch_end(buf.data() + len, endSeq));
        if (int e = sock.exchange(buf.data(), len, {beginSeq, endSeq, 0, beginSeq, nullptr}))
          return {e, "add to set " + target.name};
      }
    }
    return {};
  }));
}

BackendResult NftBackend::add(std::span<const TimedElement> elements) {
  return write(elements,
               [](nlmsghdr* h, uint16_t& index, const TimedElement& t, const Target& target) {
                 uint8_t key[32];
                 const SetElement& el = t.element;
                 NftElement a;
                 a.key = key;
                 a.keyLen = putKey(key, el.address, target.kind, el.protocol, el.port);
                 // The timeout is also given as the expiration: re-adding a present
                 // element with the timeout it already has leaves its expiry where it was
                 // (Linux 6.18 measured; the kernel updates it only when the timeout
                 // changes or one is given).
                 a.timeoutMs = t.timeoutMs;
                 putNftElement(h, ++index, a);
               });
}

namespace {

/** A concatenated range (pipapo): one element with a key and a key end. */
void putRange(nlmsghdr* h, uint16_t& index, const StaticElement& st, SetKind kind) {
  uint8_t key[32], end[32];
  NftElement a;
  a.key = key;
  a.keyEnd = end;
  a.keyLen = putKey(key, st.block.base, kind, st.protocol, st.portFirst);
  putKey(end, lastAddress(st.block), kind, st.protocol, st.portLast);
  putNftElement(h, ++index, a);
}

/** A plain interval (rbtree): the start, then the first address past the
 *  end flagged as an interval end (none when the block ends the space). */
void putInterval(nlmsghdr* h, uint16_t& index, const AddressBlock& b) {
  Address end = lastAddress(b);
  NftElement a;
  a.key = b.base.bytes.data();
  a.keyLen = b.base.size();
  putNftElement(h, ++index, a);
  for (size_t i = end.size(); i-- > 0;)
    if (++end.bytes[i] != 0) {
      a.key = end.bytes.data();
      a.keyLen = end.size();
      a.flags = NFT_SET_ELEM_INTERVAL_END;
      putNftElement(h, ++index, a);
      return;
    }
}

}  // namespace

BackendResult NftBackend::addStatic(std::span<const StaticElement> elements) {
  return write(elements,
               [](nlmsghdr* h, uint16_t& index, const StaticElement& st, const Target& target) {
                 if (target.kind == SetKind::nets)
                   putInterval(h, index, st.block);
                 else
                   putRange(h, index, st, target.kind);
               });
}

int NftBackend::getHandle(NetlinkSocket& s, bool table, const std::string& set, uint64_t& handle) {
  alignas(nlmsghdr) char buf[4096];
  nlmsghdr* h = nftnl_nlmsg_build_hdr(buf, table ? NFT_MSG_GETTABLE : NFT_MSG_GETSET, family_,
                                      NLM_F_ACK, s.nextSeq());
  std::function<void(const nlmsghdr*)> onData;
  if (table) {
    std::unique_ptr<nftnl_table, TableFree> t(nftnl_table_alloc());
    nftnl_table_set_str(t.get(), NFTNL_TABLE_NAME, table_.c_str());
    nftnl_table_nlmsg_build_payload(h, t.get());
    onData = [&handle](const nlmsghdr* r) {
      std::unique_ptr<nftnl_table, TableFree> got(nftnl_table_alloc());
      if (nftnl_table_nlmsg_parse(r, got.get()) == 0)
        handle = nftnl_table_get_u64(got.get(), NFTNL_TABLE_HANDLE);
    };
  } else {
    std::unique_ptr<nftnl_set, SetFree> q(nftnl_set_alloc());
    nftnl_set_set_str(q.get(), NFTNL_SET_TABLE, table_.c_str());
    nftnl_set_set_str(q.get(), NFTNL_SET_NAME, set.c_str());
    nftnl_set_nlmsg_build_payload(h, q.get());
    onData = [&handle](const nlmsghdr* r) {
      std::unique_ptr<nftnl_set, SetFree> got(nftnl_set_alloc());
      if (nftnl_set_nlmsg_parse(r, got.get()) == 0)
        handle = nftnl_set_get_u64(got.get(), NFTNL_SET_HANDLE);
    };
  }
  return s.request(h, std::move(onData));
}

SetProbe NftBackend::probe(SetIndex set) {
  SetProbe p;
  uint64_t tableHandle = 0, setHandle = 0;
  const std::string& name = sets_.at(set).name;
  p.result = failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    if (int e = getHandle(sock, true, name, tableHandle)) return {e, "table " + table_};
    if (int e = getHandle(sock, false, name, setHandle)) return {e, "set " + name};
    return {};
  }));
  p.identity = (tableHandle << 32) ^ setHandle;
  return p;
}

}  // namespace orchard
