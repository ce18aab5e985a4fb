/**
 * \file diag_log.cc
 * The diagnostic sink (see base/diag_log.hh).
 */
#include "policy/base/diag_log.hh"

#include <cstdio>
#include <mutex>

namespace orchard {
namespace {

std::mutex& sinkMutex() {
  static std::mutex m;
  return m;
}

DiagSink& sink() {
  static DiagSink s;
  return s;
}

}  // namespace

void setDiagSink(DiagSink s) {
  std::lock_guard lock(sinkMutex());
  sink() = std::move(s);
}

void diag(std::string_view line) {
  std::lock_guard lock(sinkMutex());
  try {
    if (sink()) {
      sink()(line);
      return;
    }
  } catch (...) {
    // A failing sink falls back to stderr.
  }
  std::fprintf(stderr, "orchard: %.*s\n", static_cast<int>(line.size()), line.data());
}

}  // namespace orchard
