/**
 * \file netlink_socket.hh
 * A netfilter netlink socket (libmnl) that sends one request or batch and
 * reads every acknowledgement it asked for, and a pool of them so that
 * resolver threads never share a socket: NetlinkPool::talk() takes one, runs
 * the caller's exchange on it and gives it back, so a backend's call says
 * only what it sends and what it expects. Each thread keeps the last socket
 * it gave back for itself (the sockets are all alike: any pool may reuse
 * it), so a resolver thread that writes the kernel on every answer takes no
 * lock for its socket; the pool's mutex guards the sockets beyond that one,
 * held only to take or return one, never across a system call.
 *
 * Shared by sets/nft_backend.hh and sets/ipset_backend.hh.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

struct mnl_socket;
struct nlmsghdr;

namespace orchard {

/** What went wrong talking to the kernel: an errno and what was being done
 *  ("flush set orchard4"); error 0 when nothing did. A backend adds its own
 *  prefix ("nftables inet orchard: ") and netlinkError(error). */
struct NetlinkFailure {
  int error = 0;
  std::string doing;
};

/** What a request expects back. */
struct NetlinkExpect {
  uint32_t firstSeq = 0, lastSeq = 0;  // sequence numbers used by the request
  int acks = 0;           // NLMSG_ERROR messages (0 = ack) expected; none: read queued errors only
  uint32_t abortSeq = 0;  // an error on this seq ends it (batch begin)
  std::function<void(const nlmsghdr*)> onData;  // replies that are not acks
};

class NetlinkSocket {
 public:
  /** Opens and binds a NETLINK_NETFILTER socket; nullptr and errno on failure. */
  static std::unique_ptr<NetlinkSocket> open(int& error);
  ~NetlinkSocket();
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;

  /** A fresh sequence number. */
  uint32_t nextSeq() { return ++seq_; }
  /** Sends `len` bytes and reads replies until every expected ack came;
   *  a request that asks for no ack (acks 0, no NLM_F_ACK) gets the errors
   *  the kernel queued while handling it (see queuedError()), one system
   *  call instead of waiting for an ack. Returns 0 or the first error (a
   *  positive errno). After a timeout or a receive error the socket is
   *  marked broken and must not be reused. */
  int exchange(const char* buf, size_t len, const NetlinkExpect& expect);
  /** exchange() of the one message at `h` (its sequence number from
   *  nextSeq()): reads its ack, or the end of its dump, and passes the
   *  other replies to `onData`. */
  int request(const nlmsghdr* h, std::function<void(const nlmsghdr*)> onData = nullptr);
  bool broken() const { return broken_; }

 private:
  NetlinkSocket() = default;
  int queuedError(const NetlinkExpect& expect);
  mnl_socket* nl_ = nullptr;
  uint32_t portid_ = 0;
  uint32_t seq_ = 0;
  bool broken_ = false;
};

class NetlinkPool {
 public:
  /** Runs `exchange(NetlinkSocket&)`, which returns a NetlinkFailure, on a
   *  socket from the pool or newly opened, then gives the socket back (a
   *  broken one is closed instead). When no socket can be opened, the
   *  exchange does not run: {errno, "cannot open a netlink socket"}. */
  template <typename Exchange>
  NetlinkFailure talk(Exchange&& exchange) {
    int error = 0;
    std::unique_ptr<NetlinkSocket> s = take(error);
    if (!s) return {error, "cannot open a netlink socket"};
    NetlinkFailure f = exchange(*s);
    give(std::move(s));
    return f;
  }

 private:
  /** A socket to use, from the pool or newly opened; nullptr and errno. */
  std::unique_ptr<NetlinkSocket> take(int& error);
  /** Returns a socket after use (broken ones are closed instead). */
  void give(std::unique_ptr<NetlinkSocket> s);
  std::mutex mutex_;
  std::vector<std::unique_ptr<NetlinkSocket>> free_;
};

/** "No such file or directory" etc., plus a hint for EPERM and ENFILE;
 *  ipset's own error codes by name. */
std::string netlinkError(int error);

}  // namespace orchard
