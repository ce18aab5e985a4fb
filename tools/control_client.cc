/**
 * \file control_client.cc
 * One request over the control socket (see control_client.hh).
 */
#include "tools/control_client.hh"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace orchard::ctl {

std::string defaultControlSocket() {
  const char* env = std::getenv("ORCHARD_CONTROL");
  return env && *env ? env : "/run/orchard/control.sock";
}

namespace {

/** Owns a socket descriptor. */
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::runtime_error failure(const std::string& path, const std::string& what) {
  return std::runtime_error("control socket " + path + ": " + what);
}

std::string readAll(int fd, const std::string& path, int timeoutMs) {
  std::string out;
  char buf[8192];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, timeoutMs);
    if (r == 0) throw failure(path, "no answer within " + std::to_string(timeoutMs / 1000) + " s");
    if (r < 0 && errno == EINTR) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw failure(path, std::strerror(errno));
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

ControlAnswer askControl(const std::string& path, const std::string& request, int timeoutMs) {
  Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) throw failure(path, "path too long");
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw failure(path, std::string(std::strerror(errno)) +
                            " (is Unbound running with the Orchard module and control-socket?)");
  std::string line = request + "\n";
  if (::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
    throw failure(path, "cannot send the request");
  std::string all = readAll(s.fd, path, timeoutMs);
  auto greetingEnd = all.find('\n');
  if (greetingEnd == std::string::npos || all.compare(0, greetingEnd, "orchard-control 1") != 0)
    throw failure(path, "not an Orchard control socket of protocol version 1");
  std::string rest = all.substr(greetingEnd + 1);
  auto statusEnd = rest.find('\n');
  std::string status = rest.substr(0, statusEnd);
  std::string data = statusEnd == std::string::npos ? "" : rest.substr(statusEnd + 1);
  if (status == "ok") return {true, data};
  if (status.starts_with("error ")) return {false, status.substr(6)};
  throw failure(path, "unexpected answer '" + status + "'");
}

}  // namespace orchard::ctl
