/**
 * \file progress.hh
 * A one-line progress bar on stderr, drawn only when stderr is a terminal
 * (never into a log file or a pipe), erased when the work is done so the
 * table that follows starts on a clean line.
 */
#pragma once

#include <cstddef>
#include <string>

namespace orchard::ctl {

class Progress {
 public:
  Progress(std::string what, size_t total);
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void tick();
  /** Erases the bar; further ticks draw nothing. */
  void finish();

 private:
  void draw();
  std::string what_;
  size_t total_, done_ = 0;
  int lastPercent_ = -1;
  bool enabled_;
};

}  // namespace orchard::ctl
