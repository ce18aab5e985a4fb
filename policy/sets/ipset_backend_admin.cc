/**
 * \file ipset_backend_admin.cc
 * Listing and flushing ipset sets for the control commands (see
 * sets/ipset_backend.hh). Neither runs on a resolver thread.
 */
#include <arpa/inet.h>

#include "policy/sets/ipset_backend.hh"
#include "policy/sets/ipset_message.hh"

namespace orchard {
namespace {

/** State while parsing one dump message. */
struct Parse {
  const ElementVisitor* visit;
  size_t* entries;
  SetIndex set;
  SetKind kind;
  KernelElement cur;
  bool address = false, port = false;
};

const uint8_t* bytes(const nlattr* a) {
  return static_cast<const uint8_t*>(mnl_attr_get_payload(a));
}

int ipAttr(const nlattr* a, void* data) {
  auto& p = *static_cast<Parse*>(data);
  size_t len = mnl_attr_get_payload_len(a);
  if (mnl_attr_get_type(a) == IPSET_ATTR_IPADDR_IPV4 && len == 4) {
    p.cur.element.address = Address::v4(bytes(a));
    p.address = true;
  } else if (mnl_attr_get_type(a) == IPSET_ATTR_IPADDR_IPV6 && len == 16) {
    p.cur.element.address = Address::v6(bytes(a));
    p.address = true;
  }
  return MNL_CB_OK;
}

int elementAttr(const nlattr* a, void* data) {
  auto& p = *static_cast<Parse*>(data);
  size_t len = mnl_attr_get_payload_len(a);
  switch (mnl_attr_get_type(a)) {
    case IPSET_ATTR_IP: mnl_attr_parse_nested(a, ipAttr, data); break;
    case IPSET_ATTR_PORT:
      if (len == 2) p.cur.element.port = ntohs(mnl_attr_get_u16(a)), p.port = true;
      break;
    case IPSET_ATTR_PROTO:
      if (len == 1)
        p.cur.element.protocol = mnl_attr_get_u8(a) == IPPROTO_UDP ? Protocol::udp : Protocol::tcp;
      break;
    case IPSET_ATTR_TIMEOUT:
      if (len == 4) p.cur.expiresMs = int64_t{ntohl(mnl_attr_get_u32(a))} * 1000;
      break;
    default: break;
  }
  return MNL_CB_OK;
}

int adtAttr(const nlattr* a, void* data) {
  auto& p = *static_cast<Parse*>(data);
  if (mnl_attr_get_type(a) != IPSET_ATTR_DATA) return MNL_CB_OK;
  p.cur = KernelElement{};
  p.cur.element.set = p.set;
  p.address = p.port = false;
  mnl_attr_parse_nested(a, elementAttr, data);
  ++*p.entries;
  bool whole = p.address && (p.kind == SetKind::address || p.port);
  if (whole && (p.kind == SetKind::service || p.kind == SetKind::address)) (*p.visit)(p.cur);
  return MNL_CB_OK;
}

int topAttr(const nlattr* a, void* data) {
  if (mnl_attr_get_type(a) == IPSET_ATTR_ADT) mnl_attr_parse_nested(a, adtAttr, data);
  return MNL_CB_OK;
}

}  // namespace

BackendResult IpsetBackend::command(SetIndex set, uint8_t cmd, uint16_t flags,
                                    std::string_view verb,
                                    std::function<void(const nlmsghdr*)> onData) {
  const Target& t = sets_.at(set);
  return failure(pool_.talk([&](NetlinkSocket& sock) -> NetlinkFailure {
    alignas(nlmsghdr) char buf[1024];
    nlmsghdr* h =
        ipset::putHeader(buf, cmd, flags, ipset::nfFamily(t.family), sock.nextSeq(), t.name);
    if (int e = sock.request(h, std::move(onData))) return {e, std::string(verb) + " " + t.name};
    return {};
  }));
}

BackendResult IpsetBackend::visit(SetIndex set, const ElementVisitor& f, size_t& entries) {
  Parse p{&f, &entries, set, sets_.at(set).kind, {}};
  return command(set, IPSET_CMD_LIST, NLM_F_DUMP, "list",
                 [&p](const nlmsghdr* r) { mnl_attr_parse(r, sizeof(nfgenmsg), topAttr, &p); });
}

BackendResult IpsetBackend::flush(SetIndex set) {
  return command(set, IPSET_CMD_FLUSH, NLM_F_ACK, "flush", nullptr);
}

}  // namespace orchard
