/**
 * \file outcome_log.cc
 * The writer thread of the outcome log and its dealings with a failing
 * destination (see log/outcome_log.hh).
 */
#include "policy/log/outcome_log.hh"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <thread>

#include "policy/base/config_lexer.hh"

namespace orchard {

namespace {

/** How long the busy writer lets lines gather between drains: each drain
 *  is a wake-up, on the resolver's CPU when it is pinned (doc/performance.md). */
constexpr std::chrono::milliseconds kLinger{10};
/** Lines per write(). */
constexpr uint64_t kBatchLines = 256;
/** How often a destination that failed is tried again. */
constexpr std::chrono::seconds kRetry{1};

/** SIGPIPE from a write to a FIFO whose reader left would kill the resolver
 *  (unless it ignores the signal): the writer blocks it for itself, and
 *  takes a pending one back after EPIPE. */
void blockSigpipe() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &s, nullptr);
}

void takePendingSigpipe() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGPIPE);
  struct timespec none {};
  while (sigtimedwait(&s, nullptr, &none) == SIGPIPE) {
  }
}

}  // namespace

OutcomeLog::OutcomeLog(const LogOptions& options, Observer observer)
    : dest_(options.destination),
      observer_(std::move(observer)),
      path_(options.file),
      queue_(options.queue) {
  if (dest_ == LogDestination::file && !openFile()) {
    if (errno != ENXIO)  // ENXIO: a FIFO with no reader yet, retried
      throw FileError(options.configPath.empty() ? path_ : options.configPath, 0,
                      "cannot open log file " + path_ + ": " + std::strerror(errno));
    retryOpen_ = true;
  }
  if (dest_ == LogDestination::syslog) openlog("orchard", LOG_PID | LOG_NDELAY, LOG_DAEMON);
  if (!takesLines()) return;
  addLogRowReader(*this);  // before the writer reads a row; only its start may throw now
  try {
    writer_ = std::thread([this] { run(); });
  } catch (...) {
    removeLogRowReader(*this);
    throw;
  }
}

OutcomeLog::~OutcomeLog() {
  if (takesLines()) removeLogRowReader(*this);  // waits while the table stops the writer
  stopReadingRows();
  closeFile();
}

void OutcomeLog::stopReadingRows() noexcept {
  if (!writer_.joinable()) return;
  stopDeadline_ = Clock::now() + kStopWait;  // published by stop_
  stop_.store(true);
  wake();
  writer_.join();
}

bool OutcomeLog::openFile() {
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0640);
  if (fd < 0) return false;
  struct stat st;
  bool stream = ::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode);
  closeFile();
  fd_ = fd;
  stream_ = stream;
  stalled_ = retryOpen_ = false;
  return true;
}

void OutcomeLog::closeFile() {
  if (!tail_.empty()) lost_.fetch_add(1, std::memory_order_relaxed);  // its line stays cut
  tail_.clear();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

template <typename Fill>
bool OutcomeLog::pushWith(size_t stripe, Fill&& fill) {
  if (!takesLines()) return true;
  bool counted = dest_ != LogDestination::none;  // `log none` feeds the observer only
  if (counted) pushCounts_.addAt(stripe, kPushed);
  if (!queue_.pushWith(fill)) {
    if (counted) pushCounts_.addAt(stripe, kDropped);
    return false;
  }
  if (idle_.load(std::memory_order_relaxed) && idle_.exchange(false)) wake();
  return true;
}

bool OutcomeLog::push(const LogFacts& facts) {
  return pushWith(stripeOf(facts.reply.thread), [&facts](LogLine& cell) { cell.fill(facts); });
}

bool OutcomeLog::pushCopy(const LogLine& line, int64_t timeUs, const Reply& reply) {
  return pushWith(stripeOf(reply.thread), [&](LogLine& cell) {
    cell = line;
    cell.restamp(timeUs, reply.client, reply.thread);
  });
}

bool OutcomeLog::push(const LogEntry& e) {
  LogLine r;
  r.fill(e);
  return pushWith(counterStripe(), [&r](LogLine& cell) noexcept { cell = std::move(r); });
}

void OutcomeLog::wake() {
  std::lock_guard lock(wakeMutex_);
  wakeCv_.notify_one();
}

OutcomeLog::Clock::time_point OutcomeLog::writeDeadline() const {
  if (stop_.load()) return stopDeadline_;
  return stalled_ ? Clock::now() : Clock::now() + kStallWait;
}

/** Writes until done, an error, or the deadline passes with the
 *  destination still full; returns the bytes written. */
size_t OutcomeLog::writeUntil(const char* data, size_t size, Clock::time_point deadline) {
  using namespace std::chrono;
  size_t done = 0;
  bool full = false;
  while (fd_ >= 0 && done < size) {
    ssize_t n = ::write(fd_, data + done, size - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    full = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (!full) {
      if (n < 0 && errno == EPIPE) {  // the reader left: open again when one comes
        takePendingSigpipe();
        closeFile();
        retryOpen_ = true;
      }
      break;  // ENOSPC, EIO, ...: these lines are lost
    }
    auto left = duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || reopen_.load()) break;
    struct pollfd p {
      fd_, POLLOUT, 0
    };
    ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 100)));
  }
  if (full && done < size) stalled_ = true;  // cleared by a whole batch written
  return done;
}

/** Completes a line half written to a stream; false if it is still not. */
bool OutcomeLog::flushTail(Clock::time_point deadline) {
  if (tail_.empty()) return true;
  size_t want = tail_.size();
  size_t n = writeUntil(tail_.data(), want, deadline);
  if (n == want) {
    tail_.clear();
    written_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  if (!tail_.empty()) tail_.erase(0, n);  // (closeFile() may have dropped it)
  return false;
}

/** Counts the batch after `done` of its bytes were written: whole lines
 *  written, the rest lost. A line cut short is taken back from a file, or
 *  kept to be completed on a stream, so readers only ever see whole lines. */
void OutcomeLog::settlePartial(size_t done) {
  if (done == batch_.size()) {  // the common case: no line to count
    written_.fetch_add(batchLines_, std::memory_order_relaxed);
    return;
  }
  uint64_t whole = static_cast<uint64_t>(std::count(batch_.data(), batch_.data() + done, '\n'));
  written_.fetch_add(whole, std::memory_order_relaxed);
  uint64_t lost = batchLines_ - whole;
  size_t lineStart = done == 0 ? 0 : batch_.rfind('\n', done - 1) + 1;  // npos + 1 == 0
  size_t cut = done - lineStart;
  if (cut > 0 && fd_ >= 0 && stream_) {
    size_t lineEnd = batch_.find('\n', done);
    tail_.assign(batch_, done, lineEnd + 1 - done);
    --lost;  // counted when completed, or lost by closeFile()
  } else if (cut > 0 && fd_ >= 0) {
    off_t end = ::lseek(fd_, 0, SEEK_END);
    if (end >= static_cast<off_t>(cut) && ::ftruncate(fd_, end - static_cast<off_t>(cut)) != 0) {
      // The cut line stays; nothing more can be done about it here.
    }
  }
  lost_.fetch_add(lost, std::memory_order_relaxed);
}

/** Writes the batch; to a stream in pieces of whole lines of at most
 *  PIPE_BUF bytes, which a pipe takes whole or not at all: a reader that
 *  stops reading leaves no line cut in the pipe. Returns the bytes written. */
size_t OutcomeLog::writeBatch(Clock::time_point deadline) {
  if (!stream_) return writeUntil(batch_.data(), batch_.size(), deadline);
  size_t done = 0;
  while (done < batch_.size()) {
    size_t end = batch_.rfind('\n', std::min(batch_.size(), done + PIPE_BUF) - 1);
    if (end == std::string::npos || end < done) end = batch_.find('\n', done);  // a long line
    size_t piece = end + 1 - done;
    size_t n = writeUntil(batch_.data() + done, piece, deadline);
    done += n;
    if (n < piece) break;
  }
  return done;
}

void OutcomeLog::flushBatch() {
  if (batchLines_ == 0) return;
  auto deadline = writeDeadline();
  size_t done = flushTail(deadline) ? writeBatch(deadline) : 0;
  if (done == batch_.size()) stalled_ = false;
  settlePartial(done);
  batch_.clear();
  batchLines_ = 0;
}

void OutcomeLog::take(const LogLine& r) {
  if (r.broken()) {  // its payload could not be allocated
    if (dest_ != LogDestination::none) lost_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (observer_) observer_(r);
  if (dest_ == LogDestination::syslog) {
    batch_.clear();
    r.appendJson(batch_);
    syslog(LOG_INFO, "%s", batch_.c_str());
    written_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (dest_ != LogDestination::file) return;
  if (fd_ < 0) {  // nothing to write to: not even worth formatting
    lost_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  lines_.append(r, batch_);
  batch_ += '\n';
  if (++batchLines_ == kBatchLines) flushBatch();
}

size_t OutcomeLog::drain(size_t limit) {
  size_t popped = 0;
  while (popped < limit && queue_.popWith([this](LogLine& r) {
    take(r);
    r.releaseSpill();
  }))
    ++popped;
  flushBatch();
  return popped;
}

/** Reopens on request, after a failure, or when the file was deleted. */
void OutcomeLog::maintain() {
  if (dest_ != LogDestination::file) return;
  bool want = reopen_.exchange(false);
  auto now = Clock::now();
  if (now - lastCheck_ >= kRetry) {
    lastCheck_ = now;
    want = want || retryOpen_ || fd_ < 0 || fileDeleted();
  }
  if (!want || openFile()) return;
  retryOpen_ = true;  // keep the old file meanwhile, unless it is gone
  if (fileDeleted()) closeFile();
}

bool OutcomeLog::fileDeleted() const {
  struct stat st;
  return fd_ >= 0 && !stream_ && ::fstat(fd_, &st) == 0 && st.st_nlink == 0;
}

void OutcomeLog::run() {
  blockSigpipe();
  for (;;) {
    bool stopping = stop_.load();
    // Stopping, a queue's worth is all that can have been queued before:
    // resolver threads may go on pushing (an exit without deinit), and an
    // endless drain would keep the process from ending.
    size_t drained = drain(stopping ? queue_.capacity() : SIZE_MAX);
    maintain();
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
    if (queue_.sizeApprox() == 0 && !stop_.load())
      wakeCv_.wait_for(lock, std::chrono::milliseconds(50));
    idle_.store(false);
  }
}

LogCounters OutcomeLog::counters() const {
  LogCounters c;
  c.pushed = pushCounts_.sum(kPushed);
  c.written = written_.load();
  c.dropped = pushCounts_.sum(kDropped);
  c.lost = lost_.load();
  uint64_t done = c.written + c.dropped + c.lost;
  c.queued = c.pushed > done ? c.pushed - done : 0;
  return c;
}

}  // namespace orchard
