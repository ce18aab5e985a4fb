/**
 * \file config_lexer.hh
 * Reads Orchard's line-oriented text files (catalog, site file, module
 * configuration) into directives, with a line number on every token.
 *
 * Syntax, shared by all those files so an administrator learns it once:
 *   # a comment, to the end of the line
 *   keyword arg arg key=value key="value with spaces"
 *       key=value      <- an indented line continues the directive above
 * Quoted values take \" and \\ escapes. Anything malformed raises FileError
 * with "file:line: expected ..., found ...", so callers never half-load.
 */
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace orchard {

/** An error in an input file, located to a line. what() is complete. */
class FileError : public std::runtime_error {
 public:
  FileError(const std::string& file, size_t line, const std::string& msg)
      : std::runtime_error(file + (line ? ":" + std::to_string(line) : "") + ": " + msg),
        file_(file),
        line_(line) {}
  const std::string& file() const { return file_; }
  size_t line() const { return line_; }

 private:
  std::string file_;
  size_t line_;
};

struct Token {
  std::string text;
  size_t line = 0;
};

struct Option {
  std::string key;
  Token value;
};

class Directive {
 public:
  std::string file;
  Token keyword;
  std::vector<Token> args;
  std::vector<Option> options;

  /** Throws FileError at the keyword's line. */
  [[noreturn]] void fail(const std::string& msg) const;
  [[noreturn]] void fail(const Token& at, const std::string& msg) const;
  /** The value of key=..., or nullptr. Marks it used. */
  const Token* option(std::string_view key) const;
  /** Like option(), but fails when absent. */
  const Token& required(std::string_view key) const;
  /** Fails on the first option that no option()/required() call read. */
  void rejectUnknownOptions() const;
  /** Fails unless the directive has between min and max positional args. */
  void expectArgs(size_t min, size_t max, std::string_view usage) const;

 private:
  mutable std::vector<bool> used_;
};

/** Splits text into directives. `file` names the source in error messages. */
std::vector<Directive> readDirectives(std::string_view text, const std::string& file);
/** Reads a whole file; FileError (line 0) when it cannot be read. */
std::string readFile(const std::string& path);

/** Splits "a,b,c" into its non-empty items (empty items are an error). */
std::vector<std::string> splitList(const Directive& r, const Token& t);

}  // namespace orchard
