/**
 * \file progress.cc
 * Terminal-only progress bar (see progress.hh).
 */
#include "tools/progress.hh"

#include <unistd.h>

#include <cstdio>

namespace orchard::ctl {

Progress::Progress(std::string what, size_t total)
    : what_(std::move(what)), total_(total), enabled_(total > 0 && ::isatty(STDERR_FILENO)) {
  draw();
}

void Progress::tick() {
  ++done_;
  draw();
}

void Progress::draw() {
  if (!enabled_) return;
  int percent = static_cast<int>(done_ * 100 / total_);
  if (percent == lastPercent_) return;
  lastPercent_ = percent;
  constexpr int kWidth = 30;
  std::string bar(static_cast<size_t>(percent * kWidth / 100), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%s [%s] %zu/%zu", what_.c_str(), bar.c_str(), done_, total_);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  enabled_ = false;
}

}  // namespace orchard::ctl
