/**
 * \file hostname.cc
 * Strict hostname syntax (see base/hostname.hh): one pass over the text,
 * label by label.
 */
#include "policy/base/hostname.hh"

#include <cstdio>

namespace orchard {

namespace {

constexpr size_t kMaxLabel = 63;

bool isLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

/** The character as a reader can see it: itself when printable, else \xHH. */
std::string shown(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u > 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", u);
  return buf;
}

/** The problem with one label ("" when fine); `at` is its 1-based index. */
std::string labelProblem(std::string_view label, size_t at) {
  std::string where = "label " + std::to_string(at);
  if (label.empty()) return where + " is empty";
  if (label.size() > kMaxLabel) return where + " is longer than 63 characters";
  for (char c : label)
    if (!isLabelChar(c))
      return where + " has " + shown(c) + " (only letters, digits, '-' and '_' are allowed)";
  return {};
}

}  // namespace

std::string hostnameProblem(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty()) return "the name is empty";
  if (text.size() > kMaxHostname) return "the name is longer than 253 characters";
  size_t at = 1;
  for (size_t start = 0;; ++at) {
    size_t dot = text.find('.', start);
    std::string_view label = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (auto problem = labelProblem(label, at); !problem.empty()) return problem;
    if (dot == std::string_view::npos) return {};
    start = dot + 1;
  }
}

bool isCanonicalHostname(std::string_view text) {
  if (text.empty() || text.back() == '.') return false;
  for (char c : text)
    if (c >= 'A' && c <= 'Z') return false;
  return hostnameProblem(text).empty();
}

std::optional<std::string> canonicalHostname(std::string_view text) {
  if (!hostnameProblem(text).empty()) return std::nullopt;
  if (text.back() == '.') text.remove_suffix(1);
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace orchard
