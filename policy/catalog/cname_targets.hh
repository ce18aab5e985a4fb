/**
 * \file cname_targets.hh
 * The CNAME targets seen in answers for catalog names, and which catalog
 * pattern led to each. Apple hosts are CNAMEs into CDNs; split-DNS forwarding
 * and blocklist exceptions must cover these targets too, so they are
 * recorded here (from fresh resolutions, not cache hits, which repeat them).
 * Sharded by name so concurrent resolver threads rarely meet on a lock.
 */
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace orchard {

struct CnameTarget {
  std::string name;                     // presentation form, lower case
  std::string pattern;                  // the catalog pattern whose answer led here
  int64_t firstSeen = 0, lastSeen = 0;  // seconds since the epoch
  uint64_t count = 0;
};

class CnameTargets {
 public:
  static constexpr size_t kMaxTargets = 100000;  // bound; further ones are counted
  void observe(const std::vector<std::string>& targets, const std::string& pattern, int64_t now);
  std::vector<CnameTarget> snapshot() const;  // sorted by name
  uint64_t overflow() const;
  /** Adds entries (e.g. loaded at start-up), keeping the earliest firstSeen. */
  void merge(const std::vector<CnameTarget>& entries);

 private:
  struct Shard {
    mutable std::mutex mutex;
    std::map<std::string, CnameTarget> byName;
  };
  static constexpr size_t kShards = 16;
  std::array<Shard, kShards> shards_;
  std::atomic<size_t> size_{0};
  std::atomic<uint64_t> overflow_{0};
};

/** The state file: one target a line, tab-separated: name, pattern,
 *  first seen, last seen, count (a '#' line starts a comment). Written to a
 *  temporary file and renamed, so a reader never sees half a file. */
void saveCnameTargets(const std::string& path, const std::vector<CnameTarget>& targets);
/** Reads the state file; a missing file is an empty list; a malformed line
 *  throws FileError naming file and line. */
std::vector<CnameTarget> loadCnameTargets(const std::string& path);

}  // namespace orchard
