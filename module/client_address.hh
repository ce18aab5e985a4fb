/**
 * \file client_address.hh
 * The client of an answer, from Unbound's comm_reply.
 *
 * Since 1.17.0 a comm_reply holds two addresses: `remote_addr`, the peer of
 * the socket, and `client_addr`, the client as announced by a PROXYv2
 * header (the same as remote_addr when the query was not proxied). The
 * client is client_addr. Answers that no client waits for (prefetch,
 * internal lookups: mesh callbacks get repinfo == NULL) have no client.
 */
#pragma once

#include <cstdint>
#include <optional>

#include "policy/base/address.hh"

struct comm_reply;

namespace orchard::module {

struct Client {
  Address address;
  uint16_t port = 0;
};

/** The client's address and port; nullopt for no reply info or a family
 *  other than IPv4/IPv6. */
std::optional<Client> clientOf(const comm_reply* repinfo);

}  // namespace orchard::module
