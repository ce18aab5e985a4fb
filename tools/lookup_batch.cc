/**
 * \file lookup_batch.cc
 * Bounded-parallel lookups with deadlines (see lookup_batch.hh).
 */
#include "tools/lookup_batch.hh"

#include <poll.h>

#include <algorithm>
#include <map>
#include <set>

namespace orchard::ctl {
namespace {

using Clock = std::chrono::steady_clock;

struct InFlight {
  UbResolver* resolver;
  int id;
  Clock::time_point deadline;
};

class Batch {
 public:
  Batch(const std::vector<LookupJob>& jobs, size_t parallel, std::chrono::milliseconds timeout,
        const std::function<void()>& tick)
      : jobs_(jobs), parallel_(std::max<size_t>(1, parallel)), timeout_(timeout), tick_(tick) {}

  void run() {
    while (next_ < jobs_.size() || !inFlight_.empty()) {
      while (next_ < jobs_.size() && inFlight_.size() < parallel_) start(next_++);
      if (!inFlight_.empty()) wait();
      expire();
    }
  }

 private:
  void start(size_t i) {
    const LookupJob& j = jobs_[i];
    int id = j.resolver->submit(j.name, j.rrtype, [this, i](Lookup l) { end(i, std::move(l)); });
    if (id >= 0) inFlight_[i] = InFlight{j.resolver, id, Clock::now() + timeout_};
  }

  void end(size_t i, Lookup l) {
    *jobs_[i].out = std::move(l);
    inFlight_.erase(i);
    tick_();
  }

  void wait() {
    std::set<UbResolver*> resolvers;
    Clock::time_point first = Clock::time_point::max();
    for (const auto& [i, f] : inFlight_) {
      resolvers.insert(f.resolver);
      first = std::min(first, f.deadline);
    }
    std::vector<pollfd> fds;
    for (auto* r : resolvers) fds.push_back(pollfd{r->fd(), POLLIN, 0});
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(first - Clock::now()).count();
    ::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(0, ms)));
    size_t k = 0;
    for (auto* r : resolvers)
      if (fds[k++].revents) r->process();
  }

  void expire() {
    auto now = Clock::now();
    for (auto it = inFlight_.begin(); it != inFlight_.end();) {
      if (now < it->second.deadline) {
        ++it;
        continue;
      }
      it->second.resolver->cancel(it->second.id);
      Lookup l;
      l.done = l.timedOut = true;
      *jobs_[it->first].out = std::move(l);
      it = inFlight_.erase(it);
      tick_();
    }
  }

  const std::vector<LookupJob>& jobs_;
  size_t parallel_;
  std::chrono::milliseconds timeout_;
  const std::function<void()>& tick_;
  size_t next_ = 0;
  std::map<size_t, InFlight> inFlight_;  // by job index
};

}  // namespace

void runLookups(const std::vector<LookupJob>& jobs, size_t parallel,
                std::chrono::milliseconds timeout, const std::function<void()>& tick) {
  Batch(jobs, parallel, timeout, tick).run();
}

}  // namespace orchard::ctl
