/**
 * \file server.cc
 * Socket handling and dispatch of the control channel (see
 * control/server.hh and doc/control-protocol.md).
 */
#include "policy/control/server.hh"

#include <fcntl.h>
#include <grp.h>
#include <malloc.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace orchard {

bool parseControlRequest(std::string_view line, ControlRequest& out, std::string& error) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  for (char c : line)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      error = "malformed request";
      return false;
    }
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.emplace_back(line.substr(start, i - start));
  }
  if (words.empty()) {
    error = "empty request";
    return false;
  }
  out = ControlRequest{words[0], {}, false};
  for (size_t w = 1; w < words.size(); ++w) {
    if (words[w] == "--json")
      out.json = true;
    else
      out.args.push_back(words[w]);
  }
  return true;
}

namespace {

std::string helpText(const std::vector<ControlCommand>& commands) {
  std::string out;
  for (const auto& c : commands) {
    std::string usage = c.usage.empty() ? c.name : c.usage;
    out += usage + std::string(usage.size() < 46 ? 46 - usage.size() : 1, ' ') + c.help + "\n";
  }
  return out + "help" + std::string(42, ' ') + "this list\n";
}

}  // namespace

std::string dispatchControl(const std::vector<ControlCommand>& commands, std::string_view line) {
  ControlRequest req;
  std::string error;
  if (!parseControlRequest(line, req, error)) return "error " + error + "\n";
  if (req.command == "help") return "ok\n" + helpText(commands);
  for (const auto& c : commands) {
    if (c.name != req.command) continue;
    ControlReply r;
    try {
      r = c.run(req);
    } catch (const std::exception& e) {
      r = ControlReply::error(e.what());
    }
    if (!r.ok) {
      std::string text = r.text.substr(0, r.text.find('\n'));
      return "error " + text + "\n";
    }
    if (!r.text.empty() && r.text.back() != '\n') r.text += '\n';
    return "ok\n" + r.text;
  }
  return "error unknown command '" + req.command + "' (try 'help')\n";
}

namespace {

using Clock = std::chrono::steady_clock;

/** One connection. Nothing on it ever blocks the control thread: reads and
 *  writes are non-blocking, and an answer the client does not take at once
 *  waits in `out` for POLLOUT. A client that stops reading (its answer
 *  larger than the socket buffer) would otherwise hold the thread, and
 *  every other client with it, for the whole send timeout. */
struct Client {
  int fd;
  std::string in;         // the request so far
  std::string out;        // what is still to send
  bool answered = false;  // the answer is in `out`: close once it is sent
  Clock::time_point deadline;
};

std::runtime_error socketError(const std::string& path, const char* what) {
  return std::runtime_error("control socket " + path + ": " + what + ": " + std::strerror(errno));
}

void closeClient(Client& c) {
  ::close(c.fd);
  c.fd = -1;
  // A large answer (`sets --elements`) leaves megabytes the allocator keeps
  // for later; hand them back so one listing does not raise the resolver's RSS.
  constexpr size_t kTrimBytes = 1 << 20;
  if (c.out.capacity() >= kTrimBytes) {
    std::string().swap(c.out);
#ifdef __GLIBC__
    ::malloc_trim(0);
#endif
  }
}

/** Sends what it can of `c.out` now; closes the client once an answer is
 *  out, or when the client went away. */
void flushOut(Client& c) {
  while (!c.out.empty()) {
    ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.out.erase(0, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;  // the rest at POLLOUT
    } else {
      return closeClient(c);  // the client went away
    }
  }
  if (c.answered) closeClient(c);
}

/** Queues the answer; the client has kTimeoutMs more to take it. */
void finish(Client& c, const std::string& answer, Clock::time_point now) {
  c.out += answer;
  c.answered = true;
  c.deadline = now + std::chrono::milliseconds(ControlServer::kTimeoutMs);
  flushOut(c);
}

/** Reads what the client sent; answers it when complete. */
void serveReadable(Client& c, const std::vector<ControlCommand>& commands, Clock::time_point now) {
  char chunk[4096];
  ssize_t n = ::recv(c.fd, chunk, sizeof chunk, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) return finish(c, c.in.empty() ? "" : "error partial request\n", now);
  c.in.append(chunk, static_cast<size_t>(n));
  auto nl = c.in.find('\n');
  if (nl != std::string::npos && nl <= ControlServer::kMaxRequest)
    return finish(c, dispatchControl(commands, std::string_view(c.in).substr(0, nl)), now);
  if (c.in.size() > ControlServer::kMaxRequest) finish(c, "error request too long\n", now);
}

/** Serves one client's poll events and its deadline. */
void serve(Client& c, short revents, const std::vector<ControlCommand>& commands,
           Clock::time_point now) {
  if (c.answered) {
    if (revents & (POLLOUT | POLLERR | POLLHUP)) flushOut(c);
  } else if (revents) {
    serveReadable(c, commands, now);
  }
  if (c.fd < 0 || now < c.deadline) return;
  if (c.answered)
    closeClient(c);  // it did not take its answer in time
  else
    finish(c, "error timeout\n", now);
}

/** Makes room for one more client: the one whose time runs out first goes
 *  (a client that connected and sent nothing, or did not read its answer).
 *  A client that sends its request at once, as orchardctl does, is served
 *  within the poll round it connected in, so idle connections cannot lock
 *  it out. */
void evictOne(std::vector<Client>& clients, Clock::time_point now) {
  auto oldest =
      std::min_element(clients.begin(), clients.end(),
                       [](const Client& a, const Client& b) { return a.deadline < b.deadline; });
  if (oldest->answered)
    closeClient(*oldest);
  else
    finish(*oldest, "error too many clients\n", now);
  if (oldest->fd >= 0) closeClient(*oldest);  // no room to wait for it either
}

void bindSocket(int fd, const ControlSocketOptions& o) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (o.path.size() >= sizeof addr.sun_path)
    throw std::runtime_error("control socket " + o.path + ": path too long");
  std::memcpy(addr.sun_path, o.path.c_str(), o.path.size() + 1);
  // A socket file nobody answers on is stale (a crashed resolver left it).
  int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool live = ::connect(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(probe);
  if (live) throw std::runtime_error("control socket " + o.path + ": in use by another process");
  ::unlink(o.path.c_str());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw socketError(o.path, "bind");
  if (::chmod(o.path.c_str(), o.mode) != 0) throw socketError(o.path, "chmod");
  if (!o.group.empty()) {
    group* g = ::getgrnam(o.group.c_str());
    if (!g) throw std::runtime_error("control socket " + o.path + ": no group '" + o.group + "'");
    if (::chown(o.path.c_str(), static_cast<uid_t>(-1), g->gr_gid) != 0)
      throw socketError(o.path, "chown");
  }
  if (::listen(fd, 16) != 0) throw socketError(o.path, "listen");
}

}  // namespace

ControlServer::ControlServer(const ControlSocketOptions& options,
                             std::vector<ControlCommand> commands)
    : options_(options), commands_(std::move(commands)) {
  listenFd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (listenFd_ < 0 || wakeFd_ < 0) throw socketError(options_.path, "socket");
  try {
    bindSocket(listenFd_, options_);
  } catch (...) {
    ::close(listenFd_);
    ::close(wakeFd_);
    throw;
  }
  thread_ = std::thread([this] { run(); });
}

ControlServer::~ControlServer() {
  uint64_t one = 1;
  if (::write(wakeFd_, &one, sizeof one) < 0) { /* the thread still stops at its next poll */
  }
  if (thread_.joinable()) thread_.join();
  ::close(listenFd_);
  ::close(wakeFd_);
  ::unlink(options_.path.c_str());
}

void ControlServer::run() {
  std::vector<Client> clients;
  for (;;) {
    std::vector<pollfd> fds{{wakeFd_, POLLIN, 0}, {listenFd_, POLLIN, 0}};
    auto now = Clock::now();
    int timeout = kTimeoutMs;
    for (const auto& c : clients) {
      fds.push_back({c.fd, static_cast<short>(c.answered ? POLLOUT : POLLIN), 0});
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(c.deadline - now).count();
      timeout = std::min<int>(timeout, static_cast<int>(std::max<long>(left, 0)));
    }
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) break;
    if (fds[0].revents) break;
    now = Clock::now();
    for (size_t i = 0; i < clients.size(); ++i)
      serve(clients[i], fds[i + 2].revents, commands_, now);
    std::erase_if(clients, [](const Client& c) { return c.fd < 0; });
    if (!(fds[1].revents & POLLIN)) continue;
    int fd;
    while ((fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
      if (clients.size() >= kMaxClients) {
        evictOne(clients, now);
        std::erase_if(clients, [](const Client& c) { return c.fd < 0; });
      }
      Client c{fd, "", "orchard-control 1\n", false, now + std::chrono::milliseconds(kTimeoutMs)};
      flushOut(c);
      if (c.fd >= 0) clients.push_back(std::move(c));
    }
  }
  for (auto& c : clients) closeClient(c);
}

}  // namespace orchard
