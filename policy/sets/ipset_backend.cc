/**
 * \file ipset_backend.cc
 * ipset elements over raw netlink (see sets/ipset_backend.hh).
 */
#include "policy/sets/ipset_backend.hh"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/nfnetlink.h>
#include <sys/socket.h>

#include <cstring>

#include "policy/sets/ipset_message.hh"

namespace orchard {
namespace {

constexpr size_t kBufSize = 64 * 1024;
constexpr size_t kFlushAt = 60 * 1024;  // an element message is under 200 bytes
// ipset takes one element per message, and the kernel queues one error per
// failed message before the first is read: some 300 of them (acks, when
// every message asked for one) overflowed the socket's receive buffer
// (ENOBUFS: the replies were lost and the elements, added, were reported as
// failed; a refill of a few hundred elements did it every time). 64 replies
// fit in any default buffer. No message asks for an ack: the kernel handles
// them inside sendto(), so the errors it queued are read right after
// (NetlinkSocket::queuedError); an empty queue means every element is in.
constexpr int kMaxMessages = 64;

using ipset::nfFamily;
using ipset::putHeader;

void putAddress(nlmsghdr* h, const Address& a) {
  nlattr* ip = mnl_attr_nest_start(h, IPSET_ATTR_IP);
  uint16_t type = (a.family == Family::v4 ? IPSET_ATTR_IPADDR_IPV4 : IPSET_ATTR_IPADDR_IPV6);
  mnl_attr_put(h, type | NLA_F_NET_BYTEORDER, a.size(), a.bytes.data());
  mnl_attr_nest_end(h, ip);
}

void putPort(nlmsghdr* h, Protocol p, uint16_t port) {
  uint16_t be = htons(port);
  mnl_attr_put(h, IPSET_ATTR_PORT | NLA_F_NET_BYTEORDER, sizeof be, &be);
  mnl_attr_put_u8(h, IPSET_ATTR_PROTO, p == Protocol::tcp ? IPPROTO_TCP : IPPROTO_UDP);
}

SetIndex setOf(const TimedElement& e) { return e.element.set; }
SetIndex setOf(const StaticElement& e) { return e.set; }

}  // namespace

IpsetBackend::IpsetBackend(const SetLayout& layout) {
  for (const SetSpec& s : layout.sets()) sets_.push_back({s.name, s.family, s.kind});
}

BackendResult IpsetBackend::failure(const NetlinkFailure& f) {
  if (!f.error) return {};
  return {f.error, "ipset: " + f.doing + ": " + netlinkError(f.error)};
}

// Every chunk is sent, even after one failed; the first failure is reported.
template <typename Element, typename Put>
BackendResult IpsetBackend::send(std::span<const Element> elements, Put put) {
  return failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    thread_local std::vector<char> buf(kBufSize);
    NetlinkFailure first;
    for (size_t at = 0; at < elements.size();) {
      size_t len = 0;
      uint32_t firstSeq = 0, lastSeq = 0;
      for (int n = 0; at < elements.size() && len < kFlushAt && n < kMaxMessages; ++at, ++n) {
        const Target& t = sets_.at(setOf(elements[at]));
        lastSeq = sock.nextSeq();
        if (!firstSeq) firstSeq = lastSeq;
        nlmsghdr* h =
            putHeader(buf.data() + len, IPSET_CMD_ADD, 0, nfFamily(t.family), lastSeq, t.name);
        nlattr* data = mnl_attr_nest_start(h, IPSET_ATTR_DATA);
        put(h, elements[at], t);
        mnl_attr_nest_end(h, data);
        len += NLMSG_ALIGN(h->nlmsg_len);
      }
      int e = sock.exchange(buf.data(), len, {firstSeq, lastSeq, 0, 0, nullptr});
      if (e && !first.error) first = {e, "add"};
    }
    return first;
  }));
}

BackendResult IpsetBackend::add(std::span<const TimedElement> elements) {
  return send(elements, [](nlmsghdr* h, const TimedElement& t, const Target& target) {
    putAddress(h, t.element.address);
    if (target.kind == SetKind::service) putPort(h, t.element.protocol, t.element.port);
    uint32_t seconds = htonl(static_cast<uint32_t>((t.timeoutMs + 999) / 1000));
    mnl_attr_put(h, IPSET_ATTR_TIMEOUT | NLA_F_NET_BYTEORDER, sizeof seconds, &seconds);
  });
}

BackendResult IpsetBackend::addStatic(std::span<const StaticElement> elements) {
  return send(elements, [](nlmsghdr* h, const StaticElement& s, const Target& target) {
    putAddress(h, s.block.base);
    mnl_attr_put_u8(h, IPSET_ATTR_CIDR, s.block.prefix);
    if (target.kind == SetKind::blocks) {
      putPort(h, s.protocol, s.portFirst);
      if (s.portLast != s.portFirst) {
        uint16_t be = htons(s.portLast);
        mnl_attr_put(h, IPSET_ATTR_PORT_TO | NLA_F_NET_BYTEORDER, sizeof be, &be);
      }
    }
  });
}

namespace {

int elementsAttr(const nlattr* a, void* data) {
  if (mnl_attr_get_type(a) == IPSET_ATTR_ELEMENTS && mnl_attr_get_payload_len(a) == 4)
    *static_cast<size_t*>(data) = ntohl(mnl_attr_get_u32(a));
  return MNL_CB_OK;
}

int topAttr(const nlattr* a, void* data) {
  if (mnl_attr_get_type(a) == IPSET_ATTR_DATA) mnl_attr_parse_nested(a, elementsAttr, data);
  return MNL_CB_OK;
}

}  // namespace

SetProbe IpsetBackend::probe(SetIndex set) {
  SetProbe p;
  const Target& t = sets_.at(set);
  size_t count = 0;
  bool seen = false;
  p.result = failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    alignas(nlmsghdr) char buf[1024];
    nlmsghdr* h =
        putHeader(buf, IPSET_CMD_LIST, NLM_F_DUMP, nfFamily(t.family), sock.nextSeq(), t.name);
    uint32_t flags = htonl(IPSET_FLAG_LIST_HEADER);
    mnl_attr_put(h, IPSET_ATTR_FLAGS | NLA_F_NET_BYTEORDER, sizeof flags, &flags);
    int e = sock.request(h, [&](const nlmsghdr* r) {
      seen = true;
      mnl_attr_parse(r, sizeof(nfgenmsg), topAttr, &count);
    });
    if (e) return {e, "set " + t.name};
    return {};
  }));
  if (!p.result.ok()) return p;
  if (!seen)
    p.result = {ENOENT, "ipset: set " + t.name + " is missing"};
  else
    p.count = count;
  return p;
}

}  // namespace orchard
