/**
 * \file outcome_log.cc
 * Formatting and the writer thread of the outcome log (see outcome_log.hh).
 */
#include "policy/outcome_log.hh"

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <thread>

#include "policy/json.hh"
#include "policy/record_reader.hh"

namespace orchard {

namespace {
/** How long the busy writer lets lines gather between drains. */
constexpr std::chrono::milliseconds kLinger{2};
}  // namespace

std::string qtypeName(uint16_t qtype) {
  static const std::pair<uint16_t, const char*> names[] = {
      {1, "A"},    {2, "NS"},    {5, "CNAME"}, {6, "SOA"},   {12, "PTR"},   {15, "MX"},
      {16, "TXT"}, {28, "AAAA"}, {33, "SRV"},  {64, "SVCB"}, {65, "HTTPS"}, {255, "ANY"}};
  for (const auto& [n, s] : names)
    if (n == qtype) return s;
  return "TYPE" + std::to_string(qtype);
}

namespace {

/** "2026-11-29T06:29:27.123456Z". The date and time of day are formatted
 *  once per second and thread (the writer is one thread), the microseconds
 *  by hand: gmtime, strftime and snprintf per line were a visible part of a
 *  line's cost (doc/performance.md). */
std::string isoTime(int64_t us) {
  thread_local time_t cachedSecs = -1;
  thread_local char cached[32];
  thread_local size_t cachedLen = 0;
  time_t secs = static_cast<time_t>(us / 1000000);
  int64_t frac = us % 1000000;
  if (frac < 0) {  // before 1970: keep the fraction positive
    frac += 1000000;
    --secs;
  }
  if (secs != cachedSecs) {
    struct tm tm;
    gmtime_r(&secs, &tm);
    cachedLen = std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cachedSecs = secs;
  }
  char buf[48];
  std::memcpy(buf, cached, cachedLen);
  char* p = buf + cachedLen;
  *p++ = '.';
  for (int i = 5; i >= 0; --i, frac /= 10) p[i] = static_cast<char>('0' + frac % 10);
  p[6] = 'Z';
  return std::string(buf, static_cast<size_t>(p + 7 - buf));
}

}  // namespace

std::string formatLogLine(const LogEntry& e) {
  std::string out;
  out.reserve(512);  // a typical line, written without regrowing
  JsonWriter w(out);
  w.beginObject().field("time", isoTime(e.timeUs)).field("client", e.client);
  w.field("qname", e.qname).field("qtype", qtypeName(e.qtype)).key("rows").beginArray();
  for (const auto& r : e.rows)
    w.beginObject()
        .field("section", r.section)
        .field("pattern", r.pattern)
        .field("match", toString(r.how))
        .endObject();
  w.endArray().field("outcome", toString(e.kind)).field("reason", e.reason);
  w.field("rcode", unsigned{e.rcode}).field("source", toString(e.source));
  w.key("cnames").beginArray();
  for (const auto& c : e.cnames) w.value(c);
  w.endArray().key("addresses").beginArray();
  for (const auto& a : e.addresses)
    w.beginObject().field("address", a.address.toString()).field("ttl", a.ttl).endObject();
  w.endArray().field("admitted", static_cast<uint64_t>(e.admitted));
  w.field("thread", e.thread).endObject();
  return out;
}

OutcomeLog::OutcomeLog(const EngineConfig& config, Observer observer)
    : dest_(config.log),
      observer_(std::move(observer)),
      path_(config.logFile),
      queue_(config.logQueue) {
  if (dest_ == LogDestination::file && !openFile())
    throw FileError(config.path.empty() ? path_ : config.path, 0,
                    "cannot open log file " + path_ + ": " + std::strerror(errno));
  if (dest_ == LogDestination::syslog) openlog("orchard", LOG_PID | LOG_NDELAY, LOG_DAEMON);
  if (dest_ != LogDestination::none || observer_) writer_ = std::thread([this] { run(); });
}

OutcomeLog::~OutcomeLog() {
  stop_.store(true);
  wake();
  if (writer_.joinable()) writer_.join();
  if (fd_ >= 0) ::close(fd_);
}

bool OutcomeLog::openFile() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  return fd_ >= 0;
}

bool OutcomeLog::push(LogEntry&& e) {
  if (dest_ == LogDestination::none && !observer_) return true;
  bool counted = dest_ != LogDestination::none;  // `log none` feeds the observer only
  if (counted) pushed_.fetch_add(1, std::memory_order_relaxed);
  if (!queue_.push(e)) {
    if (counted) dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (idle_.load(std::memory_order_relaxed) && idle_.exchange(false)) wake();
  return true;
}

void OutcomeLog::wake() {
  std::lock_guard lock(wakeMutex_);
  wakeCv_.notify_one();
}

/** Writes a batch of whole lines with one write(); returns false (and
 *  counts the lines as lost) when it cannot. A short write is completed. */
bool OutcomeLog::writeBatch(const std::string& batch, uint64_t lines) {
  size_t done = 0;
  while (fd_ >= 0 && done < batch.size()) {
    ssize_t n = ::write(fd_, batch.data() + done, batch.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == batch.size();
  (ok ? written_ : lost_).fetch_add(lines, std::memory_order_relaxed);
  return ok;
}

size_t OutcomeLog::drain() {
  std::string batch;
  uint64_t lines = 0;
  size_t popped = 0;
  while (auto e = queue_.pop()) {
    ++popped;
    if (observer_) observer_(*e);
    if (dest_ == LogDestination::none) continue;
    std::string line = formatLogLine(*e);
    if (dest_ == LogDestination::syslog) {
      syslog(LOG_INFO, "%s", line.c_str());
      written_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    batch += line;
    batch += '\n';
    if (++lines == 256) {
      writeBatch(batch, lines);
      batch.clear();
      lines = 0;
    }
  }
  if (lines) writeBatch(batch, lines);
  return popped;
}

void OutcomeLog::run() {
  using namespace std::chrono;
  auto lastRetry = steady_clock::now();
  for (;;) {
    bool stopping = stop_.load();
    size_t drained = drain();
    bool retry = fd_ < 0 && steady_clock::now() - lastRetry > seconds(1);
    if (dest_ == LogDestination::file && (reopen_.exchange(false) || retry)) {
      openFile();
      lastRetry = steady_clock::now();
    }
    if (stopping) return;
    if (drained > 0) {
      // Busy: let lines gather for a moment, not idle, so pushers do not
      // wake this thread. A wake-up per answer cost the resolver thread a
      // futex call and two context switches, more than the line itself
      // (doc/performance.md). At most kLinger later than an immediate write.
      std::this_thread::sleep_for(kLinger);
      continue;
    }
    idle_.store(true);
    std::unique_lock lock(wakeMutex_);
    if (queue_.sizeApprox() == 0 && !stop_.load()) wakeCv_.wait_for(lock, milliseconds(50));
    idle_.store(false);
  }
}

LogCounters OutcomeLog::counters() const {
  LogCounters c;
  c.pushed = pushed_.load();
  c.written = written_.load();
  c.dropped = dropped_.load();
  c.lost = lost_.load();
  uint64_t done = c.written + c.dropped + c.lost;
  c.queued = c.pushed > done ? c.pushed - done : 0;
  return c;
}

}  // namespace orchard
