/**
 * \file tcp_probe.cc
 * Bounded-parallel non-blocking TCP connects (see tcp_probe.hh).
 */
#include "tools/tcp_probe.hh"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace orchard::ctl {

namespace {

using Clock = std::chrono::steady_clock;

/** An owned file descriptor. */
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

struct Active {
  Fd fd;
  size_t probe;
  Clock::time_point deadline;
};

ProbeResult fromErrno(int err) {
  switch (err) {
    case 0: return ProbeResult::open;
    case ECONNREFUSED: return ProbeResult::refused;
    case ETIMEDOUT: return ProbeResult::timeout;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EADDRNOTAVAIL: return ProbeResult::unreachable;
    default: return ProbeResult::error;
  }
}

socklen_t toSockaddr(const Probe& p, sockaddr_storage& ss) {
  std::memset(&ss, 0, sizeof ss);
  if (p.address.family == Family::v4) {
    auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(p.port);
    std::memcpy(&sa->sin_addr, p.address.bytes.data(), 4);
    return sizeof *sa;
  }
  auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
  sa->sin6_family = AF_INET6;
  sa->sin6_port = htons(p.port);
  std::memcpy(&sa->sin6_addr, p.address.bytes.data(), 16);
  return sizeof *sa;
}

/** Starts a connect; returns true when it is in progress (result pending). */
bool start(Probe& p, Fd& fd) {
  sockaddr_storage ss;
  socklen_t len = toSockaddr(p, ss);
  fd = Fd(::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    p.result = ProbeResult::error;
    return false;
  }
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) == 0) {
    p.result = ProbeResult::open;
    return false;
  }
  if (errno == EINPROGRESS) return true;
  p.result = fromErrno(errno);
  return false;
}

ProbeResult finished(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return ProbeResult::error;
  return fromErrno(err);
}

int pollTimeoutMs(const std::vector<Active>& active) {
  auto first = std::min_element(active.begin(), active.end(), [](const auto& x, const auto& y) {
                 return x.deadline < y.deadline;
               })->deadline;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(first - Clock::now()).count();
  return static_cast<int>(std::max<int64_t>(0, ms));
}

/** Waits once; finishes the probes that completed or ran out of time. */
void step(std::vector<Probe>& probes, std::vector<Active>& active,
          const std::function<void()>& tick) {
  std::vector<pollfd> fds;
  for (const auto& a : active) fds.push_back(pollfd{a.fd.get(), POLLOUT, 0});
  ::poll(fds.data(), fds.size(), pollTimeoutMs(active));
  auto now = Clock::now();
  std::vector<Active> still;
  for (size_t i = 0; i < active.size(); ++i) {
    Probe& p = probes[active[i].probe];
    if (fds[i].revents)
      p.result = finished(active[i].fd.get());
    else if (now >= active[i].deadline)
      p.result = ProbeResult::timeout;
    else {
      still.push_back(std::move(active[i]));
      continue;
    }
    tick();
  }
  active = std::move(still);
}

}  // namespace

void runTcpProbes(std::vector<Probe>& probes, size_t parallel, std::chrono::milliseconds timeout,
                  const std::function<void()>& tick) {
  std::vector<Active> active;
  size_t next = 0;
  while (next < probes.size() || !active.empty()) {
    while (next < probes.size() && active.size() < std::max<size_t>(1, parallel)) {
      Fd fd;
      size_t i = next++;
      if (start(probes[i], fd))
        active.push_back(Active{std::move(fd), i, Clock::now() + timeout});
      else
        tick();
    }
    if (!active.empty()) step(probes, active, tick);
  }
}

}  // namespace orchard::ctl
