/**
 * \file ipset_message.hh
 * The header every ipset netlink request starts with (nfnetlink, protocol
 * version, set name). Shared by sets/ipset_backend.cc (add, probe) and
 * sets/ipset_backend_admin.cc (list, flush); not part of the library's API.
 */
#pragma once

#include <libmnl/libmnl.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/nfnetlink.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>

#include "policy/base/address.hh"

namespace orchard::ipset {

// NFPROTO_IPV4 and NFPROTO_IPV6 equal AF_INET and AF_INET6 (linux/netfilter.h
// cannot be included beside netinet/in.h).
inline uint8_t nfFamily(Family f) { return f == Family::v4 ? AF_INET : AF_INET6; }

/** Starts a request for `cmd` on `set` in `buf`. */
inline nlmsghdr* putHeader(char* buf, uint8_t cmd, uint16_t flags, uint8_t family, uint32_t seq,
                           const std::string& set) {
  nlmsghdr* h = mnl_nlmsg_put_header(buf);
  h->nlmsg_type = (NFNL_SUBSYS_IPSET << 8) | cmd;
  h->nlmsg_flags = NLM_F_REQUEST | flags;
  h->nlmsg_seq = seq;
  auto* nfg = static_cast<nfgenmsg*>(mnl_nlmsg_put_extra_header(h, sizeof(nfgenmsg)));
  nfg->nfgen_family = family;
  nfg->version = NFNETLINK_V0;
  nfg->res_id = 0;
  mnl_attr_put_u8(h, IPSET_ATTR_PROTOCOL, IPSET_PROTOCOL);
  mnl_attr_put_strz(h, IPSET_ATTR_SETNAME, set.c_str());
  return h;
}

}  // namespace orchard::ipset
