/**
 * \file bench-insert-latency.cc
 * Benchmark probe (not a test): how long after a DNS answer its address is
 * in an nftables set. Prints figures; asserts nothing.
 *
 *   bench-insert-latency SERVER PORT NAMES COUNT RATE
 *     NAMES  lines "name address" (names never asked before, one distinct
 *            address each); the first line is a canary, not counted
 *     COUNT  queries to send (at most 60000), RATE queries per second
 *
 * Method. A netlink socket joins the nftables multicast group
 * (NFNLGRP_NFTABLES, what `nft monitor` reads) before any query is sent; a
 * thread stamps every NEWSETELEM notification with CLOCK_MONOTONIC the
 * moment recv() returns and notes the first time each expected address
 * appears as the leading field of an element key (so any set shape counts:
 * plain addresses or address . protocol . port). The kernel sends these
 * notifications when the batch that added the element commits: the stamp
 * is an upper bound of "element in the set" (it adds the multicast delivery
 * and the wake-up of this thread). The main thread sends QTYPE queries
 * (AAAA for IPv6 addresses, A for IPv4) at a fixed rate over UDP; a third
 * thread stamps the answers. For each name that got both:
 *   insert-after-send   = element seen - query sent
 *   insert-after-answer = element seen - answer received (negative: the
 *                         element was in the set before the answer arrived,
 *                         as with a resolver that writes before it answers)
 * Output: one line of key=value pairs (microseconds), for the harness.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kNever = INT64_MIN;

int64_t nowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
      .count();
}

struct Target {
  std::string name;
  std::string key;  // 4 or 16 address bytes
  std::atomic<int64_t> sent{kNever}, answered{kNever}, element{kNever};
};

std::vector<uint8_t> query(const std::string& name, uint16_t id, uint16_t qtype) {
  std::vector<uint8_t> q = {
      static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q.push_back(static_cast<uint8_t>(dot - start));
    q.insert(q.end(), name.begin() + static_cast<long>(start),
             name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  q.push_back(0);
  for (uint16_t v : {qtype, uint16_t{1}}) {
    q.push_back(static_cast<uint8_t>(v >> 8));
    q.push_back(static_cast<uint8_t>(v));
  }
  return q;
}

/** Reads nftables notifications until `stop`; stamps expected keys. */
void monitor(mnl_socket* nl, std::unordered_map<std::string, Target*>& byKey, size_t keyLen,
             std::atomic<bool>& stop, std::atomic<uint64_t>& events) {
  std::vector<char> buf(1 << 20);
  pollfd p{mnl_socket_get_fd(nl), POLLIN, 0};
  while (!stop.load()) {
    if (poll(&p, 1, 50) <= 0) continue;
    ssize_t n = mnl_socket_recvfrom(nl, buf.data(), buf.size());
    int64_t t = nowUs();
    if (n <= 0) continue;  // ENOBUFS: events lost (counted as unseen)
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); mnl_nlmsg_ok(h, len);
         h = mnl_nlmsg_next(h, &len)) {
      if (NFNL_MSG_TYPE(h->nlmsg_type) != NFT_MSG_NEWSETELEM) continue;
      nftnl_set* s = nftnl_set_alloc();
      if (nftnl_set_elems_nlmsg_parse(h, s) == 0) {
        nftnl_set_elems_iter* it = nftnl_set_elems_iter_create(s);
        for (nftnl_set_elem* e = nftnl_set_elems_iter_next(it); e != nullptr;
             e = nftnl_set_elems_iter_next(it)) {
          uint32_t klen = 0;
          auto* k = static_cast<const char*>(nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &klen));
          events.fetch_add(1);
          if (k == nullptr || klen < keyLen) continue;
          auto f = byKey.find(std::string(k, keyLen));
          if (f == byKey.end()) continue;
          int64_t expect = kNever;
          f->second->element.compare_exchange_strong(expect, t);
        }
        nftnl_set_elems_iter_destroy(it);
      }
      nftnl_set_free(s);
    }
  }
}

void receive(int fd, std::vector<Target>& targets, size_t n, std::atomic<bool>& stop) {
  uint8_t buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (!stop.load()) {
    if (poll(&p, 1, 50) <= 0) continue;
    ssize_t got = recv(fd, buf, sizeof buf, 0);
    int64_t t = nowUs();
    if (got < 12) continue;
    size_t id = static_cast<size_t>(buf[0] << 8 | buf[1]);
    bool ok = (buf[3] & 0x0f) == 0 && (buf[6] | buf[7]) != 0;
    if (ok && id < n) targets[id].answered.store(t);
  }
}

/** Nearest-rank percentile of a sorted vector, "-" when empty. */
std::string pct(const std::vector<int64_t>& v, double p) {
  if (v.empty()) return "-";
  size_t i = static_cast<size_t>(std::max(1.0, std::ceil(p * static_cast<double>(v.size()))));
  return std::to_string(v[std::min(i, v.size()) - 1]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s SERVER PORT NAMES COUNT RATE\n", argv[0]);
    return 2;
  }
  const char* server = argv[1];
  int port = std::atoi(argv[2]);
  size_t count = std::min<size_t>(std::strtoul(argv[4], nullptr, 10) + 1, 60001);
  double rate = std::atof(argv[5]);

  std::vector<Target> targets(count);
  size_t loaded = 0, keyLen = 0;
  uint16_t qtype = 28;
  {
    std::ifstream in(argv[3]);
    std::string name, addr;
    while (loaded < count && in >> name >> addr) {
      unsigned char bytes[16];
      Target& t = targets[loaded];
      if (inet_pton(AF_INET6, addr.c_str(), bytes) == 1) {
        t.key.assign(reinterpret_cast<char*>(bytes), 16);
      } else if (inet_pton(AF_INET, addr.c_str(), bytes) == 1) {
        t.key.assign(reinterpret_cast<char*>(bytes), 4);
        qtype = 1;
      } else {
        continue;
      }
      keyLen = t.key.size();
      t.name = name;
      ++loaded;
    }
  }
  if (loaded < 2) {
    std::fprintf(stderr, "%s: need at least two 'name address' lines\n", argv[3]);
    return 2;
  }
  const size_t n = loaded;  // Target is not movable: the vector keeps its size
  std::unordered_map<std::string, Target*> byKey;
  for (size_t i = 0; i < n; ++i) byKey.emplace(targets[i].key, &targets[i]);

  mnl_socket* nl = mnl_socket_open(NETLINK_NETFILTER);
  if (nl == nullptr || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    std::perror("netlink");
    return 3;
  }
  int group = NFNLGRP_NFTABLES, big = 64 << 20;
  mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof group);
  setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, server, &sa.sin_addr);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
    std::perror("connect");
    return 3;
  }

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> events{0};
  std::thread mon([&] { monitor(nl, byKey, keyLen, stop, events); });
  std::thread rcv([&] { receive(fd, targets, n, stop); });

  auto send = [&](size_t i) {
    auto q = query(targets[i].name, static_cast<uint16_t>(i), qtype);
    targets[i].sent.store(nowUs());
    (void)::send(fd, q.data(), q.size(), 0);
  };
  // Canary: proves the monitor is subscribed and the resolver feeds a set.
  bool canary = false;
  for (int attempt = 0; attempt < 3 && !canary; ++attempt) {
    send(0);
    for (int i = 0; i < 100 && !canary; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      canary = targets[0].element.load() != kNever;
    }
  }
  int64_t start = nowUs();
  double gap = 1e6 / rate;
  for (size_t i = 1; i < n; ++i) {
    int64_t due = start + static_cast<int64_t>(static_cast<double>(i - 1) * gap);
    while (nowUs() < due) std::this_thread::sleep_for(std::chrono::microseconds(50));
    send(i);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(canary ? 1000 : 300));
  stop = true;
  mon.join();
  rcv.join();
  mnl_socket_close(nl);

  std::vector<int64_t> answer, afterSend, afterAnswer;
  size_t answered = 0, seen = 0, before = 0;
  for (size_t i = 1; i < n; ++i) {
    const Target& t = targets[i];
    int64_t s = t.sent.load(), a = t.answered.load(), e = t.element.load();
    if (a != kNever) {
      ++answered;
      answer.push_back(a - s);
    }
    if (e != kNever) {
      ++seen;
      afterSend.push_back(e - s);
    }
    if (a != kNever && e != kNever) {
      afterAnswer.push_back(e - a);
      before += e <= a;
    }
  }
  for (auto* v : {&answer, &afterSend, &afterAnswer}) std::sort(v->begin(), v->end());
  std::printf(
      "sent=%zu answered=%zu in_set=%zu canary=%s events=%llu "
      "answer_p50_us=%s answer_p99_us=%s "
      "insert_after_send_p50_us=%s insert_after_send_p99_us=%s "
      "insert_after_answer_p50_us=%s insert_after_answer_p99_us=%s in_set_before_answer=%zu\n",
      n - 1, answered, seen, canary ? "yes" : "no", static_cast<unsigned long long>(events.load()),
      pct(answer, 0.5).c_str(), pct(answer, 0.99).c_str(), pct(afterSend, 0.5).c_str(),
      pct(afterSend, 0.99).c_str(), pct(afterAnswer, 0.5).c_str(), pct(afterAnswer, 0.99).c_str(),
      before);
  return 0;
}
