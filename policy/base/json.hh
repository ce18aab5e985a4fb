/**
 * \file json.hh
 * A small streaming JSON writer into a std::string.
 *
 * The outcome log, orchardctl's --format json and the control socket's
 * --json answers all emit JSON; this keeps escaping in one place. Commas are
 * inserted automatically; the caller only opens, writes and closes.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orchard {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  /** Writes "key": and leaves the writer expecting a value. */
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t n);
  JsonWriter& value(uint64_t n);
  JsonWriter& value(int n) { return value(static_cast<int64_t>(n)); }
  JsonWriter& value(unsigned n) { return value(static_cast<uint64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /** Writes a number text verbatim (e.g. fixed-point seconds). */
  JsonWriter& raw(std::string_view number);
  JsonWriter& field(std::string_view k, std::string_view v) { return key(k).value(v); }
  JsonWriter& field(std::string_view k, const char* v) { return key(k).value(v); }
  JsonWriter& field(std::string_view k, uint64_t v) { return key(k).value(v); }
  JsonWriter& field(std::string_view k, int64_t v) { return key(k).value(v); }
  JsonWriter& field(std::string_view k, int v) { return key(k).value(v); }
  JsonWriter& field(std::string_view k, unsigned v) { return key(k).value(v); }
  JsonWriter& field(std::string_view k, bool v) { return key(k).value(v); }

 private:
  void separate();
  std::string& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool afterKey_ = false;
};

/** Appends s to out as a JSON string literal, quotes included. */
void appendJsonString(std::string& out, std::string_view s);
/** The same literal written at p, which has room for jsonStringText(s.size())
 *  bytes; returns its end. */
char* putJsonString(char* p, std::string_view s);
constexpr size_t jsonStringText(size_t size) { return 6 * size + 2; }  // "\u001f" per byte

}  // namespace orchard
