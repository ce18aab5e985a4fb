/**
 * \file test-server.cc
 * Tests policy/control/server.cc: request parsing, dispatch, and a real
 * Unix socket exchange (greeting, ok/error, limits, several clients,
 * clients that never send or never read their answer).
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>
#include <thread>

#include "policy/control/server.hh"

using namespace orchard;

namespace {

std::vector<ControlCommand> table() {
  return {{"echo", "echo ARGS", "repeat the arguments",
           [](const ControlRequest& r) {
             std::string out = r.json ? "json" : "text";
             for (const auto& a : r.args) out += " " + a;
             return ControlReply{true, out};
           }},
          {"big", "big", "a megabyte of answer",
           [](const ControlRequest&) {
             return ControlReply{true, std::string(1 << 20, 'b')};
           }},
          {"fail", "fail", "always fails",
           [](const ControlRequest&) -> ControlReply { throw std::runtime_error("boom\nmore"); }}};
}

/** Connects, sends `request` verbatim, returns everything the server said
 *  ("" when it cannot connect). No Boost.Test assertion here: client
 *  threads call it, and Boost.Test is not thread-safe. */
std::string roundTrip(const std::string& path, const std::string& request) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, path.c_str());
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      (!request.empty() && ::write(fd, request.data(), request.size()) <= 0)) {
    ::close(fd);
    return "";
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

/** A connected socket that has sent `request` and reads nothing. */
int deafClient(const std::string& path, const std::string& request) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, path.c_str());
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::write(fd, request.data(), request.size()) < 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_server)

BOOST_AUTO_TEST_CASE(parse_and_dispatch) {
  auto t = table();
  BOOST_TEST(dispatchControl(t, "echo a  b\t--json\r") == "ok\njson a b\n");
  BOOST_TEST(dispatchControl(t, "fail") == "error boom\n");
  BOOST_TEST(dispatchControl(t, "nope") == "error unknown command 'nope' (try 'help')\n");
  BOOST_TEST(dispatchControl(t, "   ") == "error empty request\n");
  BOOST_TEST(dispatchControl(t, "ec\x01ho") == "error malformed request\n");
  BOOST_TEST(dispatchControl(t, "help").starts_with("ok\necho ARGS"));
}

BOOST_AUTO_TEST_CASE(socket_exchange_and_limits) {
  std::string path = "/tmp/orchard-ctl-test-" + std::to_string(getpid()) + ".sock";
  ControlServer server({path, 0600, ""}, table());
  BOOST_TEST(roundTrip(path, "echo x\n") == "orchard-control 1\nok\ntext x\n");
  BOOST_TEST(roundTrip(path, std::string(5000, 'a')) ==
             "orchard-control 1\nerror request too long\n");
  std::vector<std::thread> clients;
  std::atomic<int> good{0};
  for (int i = 0; i < 8; ++i)
    clients.emplace_back([&] {
      if (roundTrip(path, "echo y\n") == "orchard-control 1\nok\ntext y\n") ++good;
    });
  for (auto& c : clients) c.join();
  BOOST_TEST(good.load() == 8);
  // A second server on a live socket is refused; a stale file is replaced.
  BOOST_CHECK_THROW(ControlServer({path, 0600, ""}, table()), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(deaf_and_idle_clients_do_not_lock_others_out) {
  std::string path = "/tmp/orchard-ctl-deaf-" + std::to_string(getpid()) + ".sock";
  ControlServer server({path, 0600, ""}, table());
  std::vector<int> hostile;
  for (int i = 0; i < 4; ++i) hostile.push_back(deafClient(path, "big\n"));  // never read
  for (size_t i = 0; i < ControlServer::kMaxClients; ++i) hostile.push_back(deafClient(path, ""));
  auto t0 = std::chrono::steady_clock::now();
  BOOST_TEST(roundTrip(path, "echo w\n") == "orchard-control 1\nok\ntext w\n");
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  BOOST_TEST(ms.count() < 1000);
  for (int fd : hostile) BOOST_TEST(fd >= 0);
  for (int fd : hostile) ::close(fd);
}

BOOST_AUTO_TEST_CASE(stale_socket_is_replaced_and_removed_at_exit) {
  std::string path = "/tmp/orchard-ctl-stale-" + std::to_string(getpid()) + ".sock";
  { ControlServer first({path, 0600, ""}, table()); }
  BOOST_TEST(access(path.c_str(), F_OK) != 0);  // removed
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);   // leave a stale file behind
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, path.c_str());
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
  ControlServer second({path, 0600, ""}, table());
  BOOST_TEST(roundTrip(path, "echo z\n") == "orchard-control 1\nok\ntext z\n");
}

BOOST_AUTO_TEST_SUITE_END()
