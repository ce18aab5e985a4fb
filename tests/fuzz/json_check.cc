/**
 * \file json_check.cc
 * A recursive-descent JSON validator (see json_check.hh). Nesting is bounded
 * so a hostile answer cannot overflow the stack of the checker itself.
 */
#include "tests/fuzz/json_check.hh"

#include <cctype>
#include <cstring>

namespace orchard::fuzz {
namespace {

class Checker {
 public:
  explicit Checker(std::string_view t) : t_(t) {}

  bool document(std::string& why) {
    space();
    bool ok = value(0) && (space(), i_ == t_.size());
    if (!ok) why = "offset " + std::to_string(i_) + ": " + (error_ ? error_ : "trailing data");
    return ok;
  }

 private:
  static constexpr int kMaxDepth = 256;

  bool fail(const char* what) {
    if (!error_) error_ = what;
    return false;
  }
  bool more() const { return i_ < t_.size(); }
  char peek() const { return more() ? t_[i_] : '\0'; }
  void space() {
    while (more() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\r' || t_[i_] == '\n')) ++i_;
  }
  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) return fail("bad literal");
    i_ += word.size();
    return true;
  }
  bool digits() {
    size_t start = i_;
    while (more() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
    return i_ > start || fail("digit expected");
  }

  bool value(int depth) {
    if (depth > kMaxDepth) return fail("nested too deep");
    switch (peek()) {
      case '{': return container(depth, '}', true);
      case '[': return container(depth, ']', false);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }

  /** An object (members "key": value) or an array, after its opening. */
  bool container(int depth, char close, bool members) {
    ++i_;
    space();
    if (peek() == close) return ++i_, true;
    for (;;) {
      if (members) {
        if (peek() != '"' || !string()) return fail("member name expected");
        space();
        if (peek() != ':') return fail("':' expected");
        ++i_;
        space();
      }
      if (!value(depth + 1)) return false;
      space();
      if (peek() == close) return ++i_, true;
      if (peek() != ',') return fail("',' or end of container expected");
      ++i_;
      space();
    }
  }

  bool string() {
    ++i_;  // the opening quote
    while (more()) {
      unsigned char c = static_cast<unsigned char>(t_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return fail("control character in a string");
      if (c == '\\' && !escape()) return false;
    }
    return fail("unterminated string");
  }

  bool escape() {
    char c = peek();
    ++i_;
    if (c && std::strchr("\"\\/bfnrt", c)) return true;
    if (c != 'u') return fail("bad escape");
    for (int k = 0; k < 4; ++k, ++i_)
      if (!std::isxdigit(static_cast<unsigned char>(peek()))) return fail("bad \\u escape");
    return true;
  }

  bool number() {
    if (peek() == '-') ++i_;
    if (peek() == '0')
      ++i_;
    else if (!digits())
      return fail("value expected");
    if (peek() == '.' && (++i_, !digits())) return false;
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digits()) return false;
    }
    return true;
  }

  std::string_view t_;
  size_t i_ = 0;
  const char* error_ = nullptr;
};

}  // namespace

bool validJson(std::string_view text, std::string& why) { return Checker(text).document(why); }

}  // namespace orchard::fuzz
