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

}  // namespace orchard
