/**
 * \file rows.hh
 * Stable ids for catalog rows in the outcome log.
 *
 * A logged answer names the catalog rows it matched. Copying their section
 * and pattern strings for every answer was a large part of a line's cost
 * (doc/performance.md), and a bare RowId is only meaningful for the policy
 * that produced it, which a `reload` may free while the line is still
 * queued. So each distinct (section, pattern) gets a process-wide id once,
 * when a policy is built, and keeps it for the life of the process: the
 * table is append-only, and the same text always maps to the same id, so
 * reloading an unchanged catalog adds nothing. Each entry carries its JSON
 * elements, one per kind of match, precomputed for the log writer.
 *
 * Interning takes a mutex (policy load only); reading an id is lock-free
 * and safe from any thread that got the id through a synchronising path
 * (the policy holder, the log queue).
 *
 * Who frees the texts, and when: the table is a static, freed at exit or
 * when the resolver unloads the module (Unbound closes it after deinit;
 * memory only the module's statics pointed to would leak in the resolver at
 * every reload, and LeakSanitizer would say so). On those paths every
 * engine, and its log writer, is gone first. Not when Unbound exits through
 * a fatal error: exit() runs the static destructors without deinit, while
 * the engine lives on and its writer still formats queued lines from these
 * texts. So a thread that reads them (the outcome log's writer) registers
 * as a LogRowReader, and the table stops and joins every registered reader
 * before it frees anything (the writer writes what is queued, then ends):
 * what is freed stops what reads it, so the order in which exit runs
 * destructors and atexit handlers does not matter. (Leaking the table on
 * purpose would leak it at every module unload; a hook that stops writers
 * at exit would run after the table is freed if registered before it.)
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orchard {

class Catalog;

using LogRowId = uint32_t;

/** The JSON of a row's match, by PatternKind; the last for any other. */
constexpr size_t kLogRowElements = 4;

struct LogRowText {
  std::string section, pattern;
  // {"section":"...","pattern":"...","match":"exact"}, ... "wildcard", "block", "?"
  std::array<std::string, kLogRowElements> elements;
  std::string_view element(uint8_t kind) const {
    return elements[kind < kLogRowElements - 1 ? kind : kLogRowElements - 1];
  }
};

/** The id of this row text; the same text always gets the same id. Throws
 *  std::length_error past 1,048,576 distinct rows (see log/rows.cc). */
LogRowId internLogRow(std::string_view section, std::string_view pattern);
/** The text of an id that internLogRow returned. */
const LogRowText& logRowText(LogRowId id);
/** No row's element is longer (for sizing a line before writing it). */
size_t maxLogRowElement();
/** Ids of every row of the catalog, indexed by RowId. */
std::vector<LogRowId> internLogRows(const Catalog& catalog);

/** A thread that reads row texts for as long as it runs (the outcome log's
 *  writer). */
class LogRowReader {
 public:
  /** Stops the thread and joins it. The table calls it, under its lock,
   *  when it is freed while `this` is still registered. */
  virtual void stopReadingRows() noexcept = 0;

 protected:
  ~LogRowReader() = default;
};

/** Registers `r`: from now on the table stops it before freeing the texts.
 *  Also creates the table, so that a static reader is destroyed first. */
void addLogRowReader(LogRowReader& r);
/** Unregisters `r`; once it returns the table no longer calls it (a call
 *  under way has ended). A reader calls it before stopping its thread. */
void removeLogRowReader(LogRowReader& r);

}  // namespace orchard
