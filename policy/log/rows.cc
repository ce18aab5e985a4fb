/**
 * \file rows.cc
 * The append-only table of logged row texts (see log/rows.hh).
 *
 * Entries live in fixed chunks that are never moved, and freed only with
 * the registry, after its readers stopped, so a reader holds no lock: it
 * loads the chunk pointer (published with release order before any id in
 * it is handed out) and indexes it. The chunk pointers are constant-
 * initialized and trivially destroyed: they stay readable however far exit
 * has gone.
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

constinit std::array<std::atomic<LogRowText*>, kChunks> chunks{};  // owned by the Registry

/** What interning needs, and the readers to stop before the texts go. */
struct Registry {
  std::mutex mutex;
  std::unordered_map<std::string, LogRowId> ids;  // "section\0pattern"
  size_t size = 0;                                // under mutex
  std::vector<LogRowReader*> readers;             // under mutex
  ~Registry() {
    std::lock_guard lock(mutex);
    for (LogRowReader* r : readers) r->stopReadingRows();  // an exit without deinit
    readers.clear();
    for (auto& c : chunks) delete[] c.exchange(nullptr, std::memory_order_relaxed);
  }
};

// Destroyed at exit, or when the resolver unloads the module (rows.hh).
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
  LogRowText* chunk = chunks[id >> kChunkBits].load(std::memory_order_relaxed);
  if (!chunk) {
    chunk = new LogRowText[kChunk];  // freed by ~Registry
    chunks[id >> kChunkBits].store(chunk, std::memory_order_release);
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
  LogRowText* chunk = chunks.at(id >> kChunkBits).load(std::memory_order_acquire);
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

void addLogRowReader(LogRowReader& r) {
  Registry& reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.readers.push_back(&r);
}

void removeLogRowReader(LogRowReader& r) {
  Registry& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::erase(reg.readers, &r);
}

}  // namespace orchard
