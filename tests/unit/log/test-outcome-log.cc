/**
 * \file test-outcome-log.cc
 * Tests policy/log/outcome_log.cc and policy/base/bounded_queue.hh: the JSON line,
 * concurrent producers, drops counted when the queue is full, reopen, and a
 * failing destination: a FIFO without a reader or whose reader stops
 * reading (shutdown still bounded), a full device, a deleted file.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "policy/base/bounded_queue.hh"
#include "policy/log/outcome_log.hh"

using namespace orchard;

namespace {

std::string tempPath(const char* tag) {
  return "/tmp/orchard-test-" + std::string(tag) + "-" + std::to_string(getpid()) + ".jsonl";
}

size_t countLines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

LogEntry sample() {
  LogEntry e;
  e.timeUs = 1795933767123456;  // 2026-11-29T06:29:27.123456Z
  e.client = "192.0.2.7";
  e.qname = "mesu.apple.com";
  e.qtype = 1;
  e.source = AnswerSource::cache;
  e.thread = 1;
  e.rows = {{"software-update", "mesu.apple.com", PatternKind::exact}};
  e.cnames = {"mesu.apple.com.akadns.example"};
  e.addresses = {{*Address::parse("192.0.2.10"), 30}};
  e.admitted = 1;
  return e;
}

/** Pushes `n` entries from `threads` threads, waits for the writer, and
 *  checks pushed == written + dropped + lost and the file's line count. */
LogCounters pushAndCount(size_t queue, int threads, int n) {
  std::string path = tempPath("count");
  std::remove(path.c_str());
  LogOptions c;
  c.file = path;
  c.queue = queue;
  auto log = std::make_unique<OutcomeLog>(c);
  std::vector<std::thread> producers;
  for (int t = 0; t < threads; ++t)
    producers.emplace_back([&] {
      for (int i = 0; i < n; ++i) log->push(sample());
    });
  for (auto& p : producers) p.join();
  for (int i = 0; i < 6000 && log->counters().queued; ++i) usleep(5000);  // <= 30 s
  LogCounters got = log->counters();
  log.reset();
  BOOST_TEST(got.pushed == static_cast<uint64_t>(threads * n));
  BOOST_TEST(got.queued == 0u);
  BOOST_TEST(got.written + got.dropped + got.lost == got.pushed);
  BOOST_TEST(countLines(path) == got.written);
  std::remove(path.c_str());
  return got;
}

/** Waits (at most ~30 s) until nothing is queued. */
LogCounters settled(const OutcomeLog& log) {
  for (int i = 0; i < 6000 && log.counters().queued; ++i) usleep(5000);
  return log.counters();
}

/** Destroys the log; returns how long that took, in milliseconds. */
int64_t stopMs(std::unique_ptr<OutcomeLog>& log) {
  auto start = std::chrono::steady_clock::now();
  log.reset();
  auto took = std::chrono::steady_clock::now() - start;
  return std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outcome_log)

BOOST_AUTO_TEST_CASE(line_format) {
  BOOST_TEST(
      formatLogLine(sample()) ==
      R"({"time":"2026-11-29T06:29:27.123456Z","client":"192.0.2.7","qname":"mesu.apple.com",)"
      R"("qtype":"A","rows":[{"section":"software-update","pattern":"mesu.apple.com",)"
      R"("match":"exact"}],"outcome":"answered","reason":"","rcode":0,"source":"cache",)"
      R"("cnames":["mesu.apple.com.akadns.example"],"addresses":[{"address":"192.0.2.10",)"
      R"("ttl":30}],"admitted":1,"thread":1})");
  BOOST_TEST(qtypeName(65) == "HTTPS");
  BOOST_TEST(qtypeName(999) == "TYPE999");
}

BOOST_AUTO_TEST_CASE(queue_is_fifo_and_bounded) {
  BoundedQueue<int> q(3);  // rounded up to 4
  BOOST_TEST(q.capacity() == 4u);
  for (int i = 0; i < 4; ++i) BOOST_TEST(q.push(i));
  int extra = 9;
  BOOST_TEST(!q.push(extra));
  for (int i = 0; i < 4; ++i) BOOST_TEST(*q.pop() == i);
  BOOST_TEST(!q.pop());
}

BOOST_AUTO_TEST_CASE(every_push_is_written_or_counted) {
  LogCounters big = pushAndCount(1 << 16, 4, 5000);
  BOOST_TEST(big.dropped == 0u);
  LogCounters small = pushAndCount(16, 4, 5000);
  BOOST_TEST(small.dropped > 0u);
}

BOOST_AUTO_TEST_CASE(reopen_follows_logrotate) {
  std::string path = tempPath("rotate"), moved = path + ".1";
  std::remove(path.c_str());
  LogOptions c;
  c.file = path;
  OutcomeLog log(c);
  log.push(sample());
  for (int i = 0; i < 6000 && log.counters().written < 1; ++i) usleep(5000);
  std::rename(path.c_str(), moved.c_str());
  log.reopen();
  for (int i = 0; i < 3000 && countLines(path) == 0; ++i) {
    log.push(sample());
    usleep(10000);
  }
  BOOST_TEST(countLines(moved) >= 1u);
  BOOST_TEST(countLines(path) >= 1u);
  std::remove(path.c_str());
  std::remove(moved.c_str());
}

BOOST_AUTO_TEST_CASE(unopenable_file_is_a_startup_error) {
  LogOptions c;
  c.configPath = "orchard.conf";
  c.file = "/nonexistent-dir/outcomes.jsonl";
  BOOST_CHECK_THROW(OutcomeLog log(c), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(fifo_without_reader_is_not_fatal) {
  std::string path = tempPath("fifo-none");
  std::remove(path.c_str());
  BOOST_REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  LogOptions c;
  c.file = path;
  auto log = std::make_unique<OutcomeLog>(c);  // a blocking open would hang here
  for (int i = 0; i < 100; ++i) log->push(sample());
  LogCounters got = settled(*log);
  BOOST_TEST(got.lost == 100u);
  BOOST_TEST(got.written == 0u);
  BOOST_TEST(stopMs(log) < 1000);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(fifo_reader_that_stops_reading_cannot_hang_shutdown) {
  std::string path = tempPath("fifo-stuck");
  std::remove(path.c_str());
  BOOST_REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);  // opened, never read
  BOOST_REQUIRE(reader >= 0);
  LogOptions c;
  c.file = path;
  c.queue = 1024;
  auto log = std::make_unique<OutcomeLog>(c);
  const uint64_t n = 20000;  // ~6 MB of lines: far beyond the pipe's 64 kB
  for (uint64_t i = 0; i < n; ++i) log->push(sample());
  LogCounters got = log->counters();
  BOOST_TEST(got.pushed == n);
  BOOST_TEST(got.dropped + got.lost > 0u);
  int64_t ms = stopMs(log);
  BOOST_TEST(ms < (OutcomeLog::kStallWait + OutcomeLog::kStopWait).count() + 1500);
  // What the reader finds is whole lines only.
  std::string data;
  char buf[65536];
  for (ssize_t k; (k = ::read(reader, buf, sizeof buf)) > 0;)
    data.append(buf, static_cast<size_t>(k));
  ::close(reader);
  BOOST_TEST(!data.empty());
  BOOST_TEST(data.back() == '\n');
  size_t lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n'));
  BOOST_TEST(data.size() == lines * (formatLogLine(sample()).size() + 1));
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(full_device_counts_lines_lost) {
  LogOptions c;
  c.file = "/dev/full";  // every write: ENOSPC
  auto log = std::make_unique<OutcomeLog>(c);
  for (int i = 0; i < 500; ++i) log->push(sample());
  LogCounters got = settled(*log);
  BOOST_TEST(got.pushed == 500u);
  BOOST_TEST(got.lost + got.dropped == 500u);
  BOOST_TEST(got.written == 0u);
  BOOST_TEST(stopMs(log) < 1000);
}

BOOST_AUTO_TEST_CASE(deleted_file_is_reopened) {
  std::string path = tempPath("deleted");
  std::remove(path.c_str());
  LogOptions c;
  c.file = path;
  OutcomeLog log(c);
  log.push(sample());
  settled(log);
  BOOST_TEST(countLines(path) == 1u);
  std::remove(path.c_str());
  for (int i = 0; i < 300 && countLines(path) == 0; ++i) {  // <= 3 s
    log.push(sample());
    usleep(10000);
  }
  BOOST_TEST(countLines(path) >= 1u);
  LogCounters got = settled(log);
  BOOST_TEST(got.written + got.lost == got.pushed);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_SUITE_END()
