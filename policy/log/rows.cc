/**
 * \file rows.cc
 * The append-only table of logged row texts (see log/rows.hh).
 *
 * Entries live in fixed chunks that are never moved, and freed only with
 * the registry, so a reader holds no lock: it loads the chunk pointer
 * (published with release order before any id in it is handed out) and
 * indexes it.
 */
#include "policy/log/rows.hh"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "policy/base/json.hh"
#include "policy/catalog/catalog.hh"

namespace orchard {
namespace {

constexpr size_t kChunkBits = 8, kChunk = size_t{1} << kChunkBits;
constexpr size_t kChunks = 4096;  // 1,048,576 distinct rows: far beyond any catalog history

struct Registry {
  std::mutex mutex;
  std::unordered_map<std::string, LogRowId> ids;  // "section\0pattern"
  std::array<std::atomic<LogRowText*>, kChunks> chunks{};
  size_t size = 0;  // under mutex
  ~Registry() {
    for (auto& c : chunks) delete[] c.load(std::memory_order_relaxed);
  }
};

// Destroyed at exit, or when the resolver unloads the module: after every
// engine and its log writer, since an engine interns its rows while it is
// built (the registry is complete before any engine is). Freeing it matters
// in the module: once unloaded, memory only its statics pointed to would be
// a leak in the resolver.
Registry& registry() {
  static Registry r;
  return r;
}

std::array<std::string, kLogRowElements> elements(std::string_view section,
                                                  std::string_view pattern) {
  std::string prefix = "{\"section\":";
  appendJsonString(prefix, section);
  prefix += ",\"pattern\":";
  appendJsonString(prefix, pattern);
  prefix += ",\"match\":";
  std::array<std::string, kLogRowElements> out;
  for (size_t k = 0; k < kLogRowElements; ++k) {
    std::string_view how = k + 1 < kLogRowElements ? toString(static_cast<PatternKind>(k)) : "?";
    out[k] = prefix + '"' + std::string(how) + "\"}";
  }
  return out;
}

std::atomic<size_t> maxElement{0};

}  // namespace

LogRowId internLogRow(std::string_view section, std::string_view pattern) {
  Registry& r = registry();
  std::string key;
  key.reserve(section.size() + 1 + pattern.size());
  key.append(section).append(1, '\0').append(pattern);
  std::lock_guard lock(r.mutex);
  auto it = r.ids.find(key);
  if (it != r.ids.end()) return it->second;
  if (r.size == kChunks * kChunk) throw std::length_error("outcome log: too many distinct rows");
  auto id = static_cast<LogRowId>(r.size);
  LogRowText* chunk = r.chunks[id >> kChunkBits].load(std::memory_order_relaxed);
  if (!chunk) {
    chunk = new LogRowText[kChunk];  // freed by ~Registry
    r.chunks[id >> kChunkBits].store(chunk, std::memory_order_release);
  }
  LogRowText& t = chunk[id & (kChunk - 1)];
  t = {std::string(section), std::string(pattern), elements(section, pattern)};
  for (const auto& e : t.elements)
    if (e.size() > maxElement.load(std::memory_order_relaxed))
      maxElement.store(e.size(), std::memory_order_relaxed);  // under the mutex
  ++r.size;
  r.ids.emplace(std::move(key), id);
  return id;
}

const LogRowText& logRowText(LogRowId id) {
  LogRowText* chunk = registry().chunks.at(id >> kChunkBits).load(std::memory_order_acquire);
  if (!chunk) throw std::out_of_range("outcome log: unknown row id " + std::to_string(id));
  return chunk[id & (kChunk - 1)];
}

size_t maxLogRowElement() { return maxElement.load(std::memory_order_relaxed); }

std::vector<LogRowId> internLogRows(const Catalog& catalog) {
  std::vector<LogRowId> out;
  out.reserve(catalog.rows().size());
  for (const Row& row : catalog.rows()) out.push_back(internLogRow(row.section, row.pattern));
  return out;
}

}  // namespace orchard
