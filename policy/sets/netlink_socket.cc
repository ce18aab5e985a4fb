/**
 * \file netlink_socket.cc
 * Netfilter netlink sockets and their pool (see sets/netlink_socket.hh).
 */
#include "policy/sets/netlink_socket.hh"

#include <libmnl/libmnl.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/ipset/ip_set_hash.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace orchard {

std::unique_ptr<NetlinkSocket> NetlinkSocket::open(int& error) {
  std::unique_ptr<NetlinkSocket> s(new NetlinkSocket);
  s->nl_ = mnl_socket_open(NETLINK_NETFILTER);
  if (!s->nl_ || mnl_socket_bind(s->nl_, 0, MNL_SOCKET_AUTOPID) < 0) {
    error = errno;
    return nullptr;
  }
  int fd = mnl_socket_get_fd(s->nl_);
  timeval tv{1, 0};  // the kernel answers in microseconds; 1 s means lost
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  int one = 1;  // errors echo only the header, not the whole request
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  s->portid_ = mnl_socket_get_portid(s->nl_);
  s->seq_ = static_cast<uint32_t>(time(nullptr)) << 8;
  return s;
}

NetlinkSocket::~NetlinkSocket() {
  if (nl_) mnl_socket_close(nl_);
}

int NetlinkSocket::exchange(const char* buf, size_t len, const NetlinkExpect& expect) {
  if (mnl_socket_sendto(nl_, buf, len) < 0) return errno;
  if (expect.acks == 0) return queuedError(expect);
  int pending = expect.acks, result = 0;
  alignas(nlmsghdr) char rbuf[16384];
  while (pending > 0) {
    ssize_t n = mnl_socket_recvfrom(nl_, rbuf, sizeof rbuf);
    if (n < 0) {
      broken_ = true;  // replies may still arrive: never reuse this socket
      return errno == EAGAIN || errno == EWOULDBLOCK ? ETIMEDOUT : errno;
    }
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<const nlmsghdr*>(rbuf); mnl_nlmsg_ok(h, left);
         h = mnl_nlmsg_next(h, &left)) {
      if (h->nlmsg_seq < expect.firstSeq || h->nlmsg_seq > expect.lastSeq) continue;  // stale
      if (h->nlmsg_type == NLMSG_DONE) {  // the end of a dump counts as its ack
        --pending;
        continue;
      }
      if (h->nlmsg_type != NLMSG_ERROR) {
        if (expect.onData) expect.onData(h);
        continue;
      }
      const auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(h));
      --pending;
      if (err->error && !result) result = -err->error;
      if (err->error && h->nlmsg_seq == expect.abortSeq) pending = 0;
    }
  }
  return result;
}

int NetlinkSocket::request(const nlmsghdr* h, std::function<void(const nlmsghdr*)> onData) {
  uint32_t seq = h->nlmsg_seq;
  return exchange(reinterpret_cast<const char*>(h), h->nlmsg_len,
                  {seq, seq, 1, seq, std::move(onData)});
}

// The kernel handles a netfilter request inside sendto() (nfnetlink runs in
// the sender's context, batches included: processed, committed or aborted,
// errors queued on the socket, before sendto returns), so after a request
// sent without NLM_F_ACK whatever went wrong is already here: read without
// waiting until nothing is left. One failed message of a batch may queue
// several errors; the first one counts.
int NetlinkSocket::queuedError(const NetlinkExpect& expect) {
  int result = 0;
  alignas(nlmsghdr) char rbuf[4096];
  for (;;) {
    ssize_t n = recv(mnl_socket_get_fd(nl_), rbuf, sizeof rbuf, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return result;
      broken_ = true;  // e.g. ENOBUFS: errors were lost, so was the socket
      return result ? result : errno;
    }
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<const nlmsghdr*>(rbuf); mnl_nlmsg_ok(h, left);
         h = mnl_nlmsg_next(h, &left)) {
      if (h->nlmsg_type != NLMSG_ERROR) continue;
      const auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(h));
      bool mine = h->nlmsg_seq >= expect.firstSeq && h->nlmsg_seq <= expect.lastSeq;
      if (mine && err->error && !result) result = -err->error;
    }
  }
}

namespace {
/** The calling thread's own socket, free for any pool: closed when the
 *  thread ends. */
thread_local std::unique_ptr<NetlinkSocket> threadSocket;
}  // namespace

std::unique_ptr<NetlinkSocket> NetlinkPool::take(int& error) {
  if (threadSocket) return std::move(threadSocket);
  {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      auto s = std::move(free_.back());
      free_.pop_back();
      return s;
    }
  }
  return NetlinkSocket::open(error);
}

void NetlinkPool::give(std::unique_ptr<NetlinkSocket> s) {
  if (!s || s->broken()) return;
  if (!threadSocket) {
    threadSocket = std::move(s);
    return;
  }
  std::lock_guard lock(mutex_);
  free_.push_back(std::move(s));
}

std::string netlinkError(int error) {
  // ipset's own codes (above IPSET_ERR_PRIVATE), which strerror calls unknown
  if (error == IPSET_ERR_PROTOCOL)
    return "ipset protocol error (is the set of the type 'orchardctl gen ipset' creates?)";
  if (error == IPSET_ERR_HASH_FULL) return "the set is full (raise its maxelem)";
  if (error > IPSET_ERR_PRIVATE) return "ipset error " + std::to_string(error);
  std::string text = std::strerror(error);
  if (error == EPERM) text += " (the resolver needs CAP_NET_ADMIN)";
  if (error == ENFILE) text += " (nftables says so of a full set: raise its size)";
  return text;
}

}  // namespace orchard
