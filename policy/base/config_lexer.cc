/**
 * \file config_lexer.cc
 * Tokenizer for Orchard's configuration files (see base/config_lexer.hh).
 */
#include "policy/base/config_lexer.hh"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace orchard {

void Directive::fail(const std::string& msg) const { fail(keyword, msg); }

void Directive::fail(const Token& at, const std::string& msg) const {
  throw FileError(file, at.line, msg);
}

const Token* Directive::option(std::string_view key) const {
  used_.resize(options.size());
  for (size_t i = 0; i < options.size(); ++i)
    if (options[i].key == key) {
      used_[i] = true;
      return &options[i].value;
    }
  return nullptr;
}

const Token& Directive::required(std::string_view key) const {
  if (const Token* t = option(key)) return *t;
  fail("expected " + std::string(key) + "=... in '" + keyword.text + "', found none");
}

void Directive::rejectUnknownOptions() const {
  used_.resize(options.size());
  for (size_t i = 0; i < options.size(); ++i)
    if (!used_[i])
      fail(options[i].value,
           "expected an option of '" + keyword.text + "', found unknown '" + options[i].key + "='");
}

void Directive::expectArgs(size_t min, size_t max, std::string_view usage) const {
  if (args.size() >= min && args.size() <= max) return;
  const Token& at = args.size() > max ? args[max] : keyword;
  std::string found = args.size() > max ? "extra '" + args[max].text + "'"
                                        : std::to_string(args.size()) + " argument(s)";
  fail(at, "expected '" + std::string(usage) + "', found " + found);
}

namespace {

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  std::vector<Directive> run() {
    std::vector<Directive> out;
    while (pos_ < text_.size()) {
      bool indented = pos_ < text_.size() && (peek() == ' ' || peek() == '\t');
      std::vector<Token> words = lineTokens();
      if (words.empty()) continue;
      if (indented && !out.empty()) {
        for (auto& w : words) addWord(out.back(), std::move(w));
      } else if (indented) {
        throw FileError(
            file_, words[0].line,
            "expected a keyword at the start of a line, found an indented '" + words[0].text + "'");
      } else {
        out.push_back(startDirective(std::move(words)));
      }
    }
    return out;
  }

 private:
  char peek() const { return text_[pos_]; }

  Directive startDirective(std::vector<Token> words) {
    Directive r;
    r.file = file_;
    r.keyword = std::move(words[0]);
    if (r.keyword.text.find('=') != std::string::npos)
      throw FileError(file_, r.keyword.line,
                      "expected a keyword, found option '" + r.keyword.text + "'");
    for (size_t i = 1; i < words.size(); ++i) addWord(r, std::move(words[i]));
    return r;
  }

  void addWord(Directive& r, Token w) {
    // The lexer marks key=value words by keeping the '=' position in `eq`.
    auto eq = w.text.find('\x1f');
    if (eq == std::string::npos) {
      if (!r.options.empty())
        throw FileError(file_, w.line,
                        "expected key=value after the first option, found '" + w.text + "'");
      r.args.push_back(std::move(w));
      return;
    }
    std::string key = w.text.substr(0, eq);
    for (const auto& o : r.options)
      if (o.key == key)
        throw FileError(file_, w.line, "expected each option once, found '" + key + "=' again");
    r.options.push_back({key, Token{w.text.substr(eq + 1), w.line}});
  }

  /** Tokens of one physical line; consumes the newline. */
  std::vector<Token> lineTokens() {
    std::vector<Token> out;
    while (pos_ < text_.size() && peek() != '\n') {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && peek() != '\n') ++pos_;
      } else {
        out.push_back(word());
      }
    }
    if (pos_ < text_.size()) ++pos_, ++line_;
    return out;
  }

  Token word() {
    Token t{"", line_};
    bool sawEq = false;
    while (pos_ < text_.size()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#') break;
      if (c == '"') {
        t.text += quoted();
        continue;
      }
      if (c == '=' && !sawEq) {
        sawEq = true;
        if (t.text.empty()) throw FileError(file_, line_, "expected key before '=', found '='");
        t.text += '\x1f';
        ++pos_;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        throw FileError(file_, line_, "expected printable text, found control byte");
      t.text += c;
      ++pos_;
    }
    return t;
  }

  std::string quoted() {
    size_t start = line_;
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && peek() != '"') {
      char c = peek();
      if (c == '\n') break;
      if (c == '\\' && pos_ + 1 < text_.size() &&
          (text_[pos_ + 1] == '"' || text_[pos_ + 1] == '\\'))
        c = text_[++pos_];
      out += c;
      ++pos_;
    }
    if (pos_ >= text_.size() || peek() != '"')
      throw FileError(file_, start, "expected a closing '\"', found end of line");
    ++pos_;
    return out;
  }

  std::string_view text_;
  const std::string& file_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

}  // namespace

std::vector<Directive> readDirectives(std::string_view text, const std::string& file) {
  return Lexer(text, file).run();
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, 0, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw FileError(path, 0, "read error");
  return ss.str();
}

std::vector<std::string> splitList(const Directive& r, const Token& t) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = t.text.find(',', start);
    std::string item = t.text.substr(start, comma - start);
    if (item.empty()) r.fail(t, "expected a comma-separated list, found '" + t.text + "'");
    out.push_back(item);
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace orchard
