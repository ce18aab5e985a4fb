/**
 * \file client_address.cc
 * sockaddr to orchard::Address (see client_address.hh).
 */
#include "module/client_address.hh"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "module/unbound.hh"

namespace orchard::module {

std::optional<Client> clientOf(const comm_reply* repinfo) {
  if (repinfo == nullptr) return std::nullopt;
  const sockaddr_storage& ss = repinfo->client_addr;
  if (ss.ss_family == AF_INET && repinfo->client_addrlen >= sizeof(sockaddr_in)) {
    const auto& sin = reinterpret_cast<const sockaddr_in&>(ss);
    return Client{Address::v4(reinterpret_cast<const uint8_t*>(&sin.sin_addr)),
                  ntohs(sin.sin_port)};
  }
  if (ss.ss_family == AF_INET6 && repinfo->client_addrlen >= sizeof(sockaddr_in6)) {
    const auto& sin6 = reinterpret_cast<const sockaddr_in6&>(ss);
    return Client{Address::v6(sin6.sin6_addr.s6_addr), ntohs(sin6.sin6_port)};
  }
  return std::nullopt;
}

}  // namespace orchard::module
